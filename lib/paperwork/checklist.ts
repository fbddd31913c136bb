/**
 * The checklist of one 学籍异动 case: which documents are in hand, which are missing, when the paperwork
 * is due and whether it is overdue; plus what the seeds say follows (a transfer not allowed, a 休学 past
 * its end). Pure: cases, receipts (append-only events) and rules in, a checklist out.
 */
import { gradeSystemOf, isGraduatingGrade, sameGrade as sameGradeIn } from '../grades';
import type { BaoxueEvent, EventOf, StatusChangeCase, Student } from '../records';
import { labelKey } from '../text';
import { addWorkingDays } from '../time/calendar';
import { isIsoDate } from '../time/day';
import type { PaperworkContext } from './context';
import { DESTINATION_CODE, type Destination, type DestinationKind, isDestinationKind } from './destination';
import { type ChangeRule, type DocumentRule, ruleFor } from './rules';
import { addMonthsTo, hostDay, type SuspensionPeriod, suspensionPeriod, underDiscipline } from './suspension';

export interface Receipt {
  doc: string;
  state: 'received' | 'withdrawn';
  by: string;
  at: number;
  note: string;
  /** On the `destination` entry: where the child went (学生流出去向), as the registrar recorded it. */
  destination?: { kind: DestinationKind; place: string };
}

/** The latest tick per document of one case (a withdrawal is a newer event, never an edit). */
export function latestReceipts(events: BaoxueEvent[], caseId: string): Map<string, Receipt> {
  const out = new Map<string, Receipt>();
  const mine = events
    .filter((e): e is EventOf<'documentReceived'> => e.kind === 'documentReceived' && e.caseId === caseId)
    .sort((a, b) => a.at - b.at || a.recordedAt - b.recordedAt);
  for (const e of mine) {
    const { doc, state, note, destKind, dest } = e.data;
    out.set(doc, {
      doc,
      state,
      by: e.author,
      at: e.at,
      note,
      ...(doc === DESTINATION_CODE && isDestinationKind(destKind)
        ? { destination: { kind: destKind, place: dest ?? '' } }
        : {}),
    });
  }
  return out;
}

export type Stage = 'in-progress' | 'done' | 'closed';

/** Where the case stands in the host system: still moving, finished, or refused/withdrawn. */
export function stageOf(reviewStatus: string): Stage {
  const s = labelKey(reviewStatus);
  if (/不通过|撤销|撤消|驳回/.test(s)) return 'closed';
  if (/^审核通过$|^已通过$|调档完毕|已完成|已办结/.test(s)) return 'done';
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
  /** Where the 休学's end came from: the case, its 休学期限, the 学籍卡, or the default length (assumed). */
  suspensionEndFrom?: SuspensionPeriod['endFrom'];
  /** A child who leaves with this change (转出, 出境, 辍学, 死亡): where to, when known. */
  leaves: boolean;
  destination?: Destination;
  flags: string[];
  source?: string;
}

export interface CheckContext extends PaperworkContext {
  today: string;
  receipts: Map<string, Receipt>;
  allCases: StatusChangeCase[];
  /** The students the cases are about, by 全国学籍号 (their grade, 学籍卡 休学 term and 处分), when read. */
  students?: Map<string, Student>;
}

export function checkCase(c: StatusChangeCase, ctx: CheckContext): Checklist {
  const rule = ruleForCase(c, ctx);
  const stage = stageOf(c.reviewStatus);
  if (!rule)
    return {
      caseId: c.id,
      stage,
      items: [],
      missing: [],
      overdue: false,
      suspectedDropout: false,
      leaves: false,
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
    if (isIsoDate(c.appliedDate)) due = addWorkingDays(c.appliedDate, rule.deadlineWorkingDays, ctx.calendar);
    else flags.add('deadline-unknown'); // 申请日期 unreadable: flagged, not replaced
  }
  const overdue = stage === 'in-progress' && missing.length > 0 && due !== undefined && ctx.today > due;
  if (overdue) flags.add('paperwork-overdue');

  // Transfers are not allowed during 休学, under 处分 or (usually) in the graduating grade, and keep the grade.
  const student = ctx.students?.get(c.xjh);
  if (stage !== 'closed' && rule.notAllowedWhen) {
    const blockers = rule.notAllowedWhen;
    if (blockers.includes('graduating') && isGraduatingGrade(c.grade, ctx))
      flags.add('transfer-not-allowed-graduating');
    if (blockers.includes('suspended') && onSuspension(c, ctx.allCases, ctx))
      flags.add('transfer-not-allowed-suspended');
    if (
      blockers.includes('discipline') &&
      (underDiscipline(c.discipline) || underDiscipline(student?.discipline))
    )
      flags.add('transfer-not-allowed-discipline');
    if (blockers.includes('gradeChange') && gradeChanges(c, stage, student, ctx))
      flags.add('transfer-grade-change');
  }

  let suspensionEnds: string | undefined;
  let suspensionEndFrom: SuspensionPeriod['endFrom'] | undefined;
  if (rule.suspensionMonths && stage === 'done') {
    const period = periodOf(c, rule, ctx);
    if (period) {
      suspensionEnds = period.end;
      suspensionEndFrom = period.endFrom;
      if (ctx.today > period.end && !resumedAfter(c, ctx.allCases, ctx)) flags.add('suspension-expired');
      const chainStart = suspensionChainStart(c, period.start, ctx);
      if (period.end > addMonthsTo(chainStart, ctx.suspensionLimitMonths)) flags.add('suspension-over-limit');
    } else flags.add('deadline-unknown');
  }

  const destination = rule.leaves ? destinationOf(c, rule, ctx.receipts) : undefined;
  if (rule.leaves && stage !== 'closed') {
    if (!destination) flags.add('destination-missing');
    else if (destination.kind === 'unknown') flags.add('destination-unknown');
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
    suspensionEndFrom,
    leaves: rule.leaves !== undefined,
    destination,
    flags: [...flags].sort(),
    source: rule.source,
  };
}

/**
 * The rule for a case. A list that implies its change type says only 转学 (a 跨省转学 page with no 异动类别
 * column): the direction is read from the school's own name (设置 → 学校名称) against 转出学校 / 转入学校, else
 * from the roll (while the case is moving, a child on this school's roll is the one leaving); when neither tells, the case stays
 * 未知异动类型 rather than guessed.
 */
export function ruleForCase(c: StatusChangeCase, ctx: CheckContext): ChangeRule | undefined {
  const direct = ruleFor(c.changeType, ctx.rules);
  if (direct) return direct;
  const label = labelKey(c.changeType);
  if (!/^(跨省|省内)?转学$/.test(label)) return undefined;
  const cross = label.startsWith('跨省') || c.source.pageKind === 'cross-province';
  const self = labelKey(ctx.schoolName);
  let direction: '转出' | '转入' | undefined;
  if (self && labelKey(c.fromSchool) === self) direction = '转出';
  else if (self && labelKey(c.toSchool) === self) direction = '转入';
  // Still moving and the child is on this school's roll: the child is leaving. (Once done, a child who came
  // in is on the roll too, so the roll no longer tells.)
  else if (stageOf(c.reviewStatus) === 'in-progress' && ctx.students?.get(c.xjh)?.onRoll) direction = '转出';
  return direction ? ruleFor(cross ? `跨省${direction}` : direction, ctx.rules) : undefined;
}

const startOf = (c: StatusChangeCase) => hostDay(c.changeDate) ?? hostDay(c.appliedDate) ?? '';

/**
 * Two grade labels name the same grade: read by the one grade parser (lib/grades.ts) in the school's 学制,
 * so 九年级 = 初三 = `初 三`; labels it cannot read are compared through labelKey.
 */
export const sameGrade = (a: string, b: string, ctx?: { gradeSystem?: unknown }): boolean =>
  sameGradeIn(a, b, gradeSystemOf(ctx));

/**
 * A transfer that changes the child's grade (domain.md §4 "grade does not change"): the host's 转入年级
 * differs from the case's 年级, or, while the case is still moving, the case's 年级 differs from the
 * grade the roll shows for the child today.
 */
function gradeChanges(
  c: StatusChangeCase,
  stage: Stage,
  student: Student | undefined,
  ctx: { gradeSystem?: unknown },
): boolean {
  if (c.toGrade && c.grade && !sameGrade(c.toGrade, c.grade, ctx)) return true;
  return (
    stage === 'in-progress' &&
    !!student?.onRoll &&
    !!student.grade &&
    !!c.grade &&
    !sameGrade(student.grade, c.grade, ctx)
  );
}

/** 学生流出去向: the registrar's record, else the receiving school the host shows, else (死亡) the case itself. */
function destinationOf(
  c: StatusChangeCase,
  rule: ChangeRule,
  receipts: Map<string, Receipt>,
): Destination | undefined {
  const r = receipts.get(DESTINATION_CODE);
  if (r?.state === 'received' && r.destination) return { ...r.destination, from: 'registrar', by: r.by };
  if (rule.leaves === 'death') return { kind: 'deceased', place: '', from: 'host' };
  if (rule.leaves === 'transfer' && c.toSchool.trim())
    return { kind: /跨省/.test(rule.type) ? 'province' : 'school', place: c.toSchool.trim(), from: 'host' };
  return undefined;
}

const isSuspensionType = (t: string | undefined) => t === '休学' || t === '续休';

/** One student's 休学 and 续休 (filed, not refused), oldest first. */
function suspensionsOf(xjh: string, ctx: CheckContext): StatusChangeCase[] {
  return ctx.allCases
    .filter(
      (o) =>
        o.xjh === xjh &&
        isSuspensionType(ruleFor(o.changeType, ctx.rules)?.type) &&
        stageOf(o.reviewStatus) !== 'closed',
    )
    .sort((a, b) => startOf(a).localeCompare(startOf(b)));
}

/** A 休学 or 续休's period: a 续休 that does not say when it starts continues from the term it renews. */
function periodOf(c: StatusChangeCase, rule: ChangeRule, ctx: CheckContext): SuspensionPeriod | undefined {
  const mine = suspensionsOf(c.xjh, ctx);
  const i = mine.findIndex((o) => o.id === c.id);
  const latest = i === mine.length - 1 || i < 0;
  let after: string | undefined;
  if (rule.type === '续休' && i > 0) {
    const prev = mine[i - 1]!;
    const prevRule = ruleFor(prev.changeType, ctx.rules);
    if (prevRule) after = periodOf(prev, prevRule, ctx)?.end;
  }
  return suspensionPeriod(c, {
    card: ctx.students?.get(c.xjh)?.suspension,
    latest,
    defaultMonths: rule.suspensionMonths ?? 12,
    after,
  });
}

/** Where this run of 休学 began: the first 休学 of the run that led to this one with no 复学 between. */
function suspensionChainStart(c: StatusChangeCase, start: string, ctx: CheckContext): string {
  const mine = suspensionsOf(c.xjh, ctx).filter((o) => startOf(o) <= startOf(c));
  const resumes = ctx.allCases
    .filter(
      (o) =>
        o.xjh === c.xjh &&
        ruleFor(o.changeType, ctx.rules)?.type === '复学' &&
        stageOf(o.reviewStatus) === 'done' &&
        startOf(o) <= startOf(c),
    )
    .map(startOf);
  const lastResume = resumes.sort().at(-1) ?? '';
  const run = mine.filter((o) => startOf(o) >= lastResume);
  const first = run[0];
  if (!first || first.id === c.id) return start;
  const firstRule = ruleFor(first.changeType, ctx.rules);
  return (firstRule && periodOf(first, firstRule, ctx)?.start) ?? start;
}

/** A later 复学 or 续休 of the same student (filed, not refused) ends or renews the 休学. */
function resumedAfter(c: StatusChangeCase, all: StatusChangeCase[], ctx: PaperworkContext): boolean {
  return all.some((o) => {
    const t = ruleFor(o.changeType, ctx.rules)?.type;
    return (
      o.id !== c.id &&
      o.xjh === c.xjh &&
      (t === '复学' || t === '续休') &&
      startOf(o) >= startOf(c) &&
      stageOf(o.reviewStatus) !== 'closed'
    );
  });
}

/** The student is on an approved 休学 or 续休 with no approved 复学 after it. */
function onSuspension(c: StatusChangeCase, all: StatusChangeCase[], ctx: PaperworkContext): boolean {
  const suspensions = all.filter(
    (o) =>
      o.xjh === c.xjh &&
      isSuspensionType(ruleFor(o.changeType, ctx.rules)?.type) &&
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
