/**
 * The checklist of one 学籍异动 case: which documents are in hand, which are missing, when the paperwork
 * is due and whether it is overdue; plus what the seeds say follows (a transfer not allowed, a 休学 past
 * its end). Pure: cases, receipts (append-only events) and rules in, a checklist out.
 */
import { addMonths, format, parseISO } from 'date-fns';
import { isGraduatingGrade } from '../grades';
import type { BaoxueEvent, StatusChangeCase } from '../records';
import { addWorkingDays } from './calendar';
import { type DocumentRule, ruleFor } from './rules';
import type { PaperworkContext } from './settings';

export interface Receipt {
  doc: string;
  state: 'received' | 'withdrawn';
  by: string;
  at: number;
  note: string;
}

/** The latest tick per document of one case (a withdrawal is a newer event, never an edit). */
export function latestReceipts(events: BaoxueEvent[], caseId: string): Map<string, Receipt> {
  const out = new Map<string, Receipt>();
  const mine = events
    .filter((e) => e.kind === 'documentReceived' && e.caseId === caseId)
    .sort((a, b) => a.at - b.at || a.recordedAt - b.recordedAt);
  for (const e of mine) {
    const doc = String(e.data.doc ?? '');
    if (!doc) continue;
    out.set(doc, {
      doc,
      state: e.data.state === 'withdrawn' ? 'withdrawn' : 'received',
      by: e.author,
      at: e.at,
      note: typeof e.data.note === 'string' ? e.data.note : '',
    });
  }
  return out;
}

export type Stage = 'in-progress' | 'done' | 'closed';

/** Where the case stands in the host system: still moving, finished, or refused/withdrawn. */
export function stageOf(reviewStatus: string): Stage {
  if (/不通过|撤销|驳回/.test(reviewStatus)) return 'closed';
  if (/^审核通过$|调档完毕|已完成|已办结/.test(reviewStatus)) return 'done';
  return 'in-progress';
}

export interface Checklist {
  caseId: string;
  /** The rule's type, or undefined for a 未知异动类型 (its raw label is on the case). */
  ruleType?: string;
  stage: Stage;
  items: { doc: DocumentRule; receipt?: Receipt }[];
  missing: DocumentRule[];
  due?: string;
  overdue: boolean;
  /** Overdue where the rule says that makes the student a suspected dropout (疑似辍学). */
  suspectedDropout: boolean;
  suspensionEnds?: string;
  flags: string[];
  source?: string;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

export function checkCase(
  c: StatusChangeCase,
  ctx: PaperworkContext & { today: string; receipts: Map<string, Receipt>; allCases: StatusChangeCase[] },
): Checklist {
  const rule = ruleFor(c.changeType, ctx.rules);
  const stage = stageOf(c.reviewStatus);
  if (!rule)
    return {
      caseId: c.id,
      stage,
      items: [],
      missing: [],
      overdue: false,
      suspectedDropout: false,
      flags: ['unknown-change-type'],
    };
  const flags = new Set<string>();
  const items = rule.documents.map((doc) => {
    const r = ctx.receipts.get(doc.code);
    return { doc, receipt: r?.state === 'received' ? r : undefined };
  });
  const missing =
    stage === 'closed' ? [] : items.filter((i) => i.doc.mandatory && !i.receipt).map((i) => i.doc);
  if (missing.length) flags.add('paperwork-missing');

  let due: string | undefined;
  if (rule.deadlineWorkingDays !== undefined && stage !== 'closed') {
    if (isDate(c.appliedDate)) due = addWorkingDays(c.appliedDate, rule.deadlineWorkingDays, ctx.calendar);
    else flags.add('deadline-unknown'); // 申请日期 unreadable: flagged, not replaced
  }
  const overdue = stage === 'in-progress' && missing.length > 0 && due !== undefined && ctx.today > due;
  if (overdue) flags.add('paperwork-overdue');

  // Transfers are not allowed during 休学 or (usually) in the graduating grade.
  if (stage !== 'closed' && rule.notAllowedWhen) {
    if (rule.notAllowedWhen.includes('graduating') && isGraduatingGrade(c.grade, ctx))
      flags.add('transfer-not-allowed-graduating');
    if (rule.notAllowedWhen.includes('suspended') && onSuspension(c, ctx.allCases, ctx))
      flags.add('transfer-not-allowed-suspended');
  }

  let suspensionEnds: string | undefined;
  if (rule.suspensionMonths && stage === 'done' && isDate(c.changeDate || c.appliedDate)) {
    suspensionEnds = format(
      addMonths(parseISO(c.changeDate || c.appliedDate), rule.suspensionMonths),
      'yyyy-MM-dd',
    );
    if (ctx.today > suspensionEnds && !resumedAfter(c, ctx.allCases, ctx)) flags.add('suspension-expired');
  }
  return {
    caseId: c.id,
    ruleType: rule.type,
    stage,
    items,
    missing,
    due,
    overdue,
    suspectedDropout: overdue && rule.overdueMeansSuspectedDropout === true,
    suspensionEnds,
    flags: [...flags].sort(),
    source: rule.source,
  };
}

const startOf = (c: StatusChangeCase) => c.changeDate || c.appliedDate;

/** A later 复学 or 续休 of the same student (filed, not refused) ends or renews the 休学. */
function resumedAfter(c: StatusChangeCase, all: StatusChangeCase[], ctx: PaperworkContext): boolean {
  return all.some((o) => {
    const t = ruleFor(o.changeType, ctx.rules)?.type;
    return (
      o.xjh === c.xjh &&
      (t === '复学' || t === '续休') &&
      startOf(o) >= startOf(c) &&
      stageOf(o.reviewStatus) !== 'closed'
    );
  });
}

/** The student is on an approved 休学 with no approved 复学 after it. */
function onSuspension(c: StatusChangeCase, all: StatusChangeCase[], ctx: PaperworkContext): boolean {
  const suspensions = all.filter(
    (o) =>
      o.xjh === c.xjh &&
      ruleFor(o.changeType, ctx.rules)?.type === '休学' &&
      stageOf(o.reviewStatus) === 'done',
  );
  return suspensions.some(
    (s) =>
      !all.some(
        (o) =>
          o.xjh === c.xjh &&
          ruleFor(o.changeType, ctx.rules)?.type === '复学' &&
          stageOf(o.reviewStatus) === 'done' &&
          startOf(o) >= startOf(s),
      ),
  );
}
