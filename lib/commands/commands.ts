/**
 * Every write Baoxue makes to the shared records, as a named command in one typed map: its input (zod,
 * with a registrar's words for what is wrong, as message keys) and the events it appends. Pure: no store,
 * no clock, no author of its own; lib/commands/run.ts validates, stamps the author and appends.
 *
 * Nothing here takes a name for who recorded it: the author comes from the signed-in account or the
 * device's one configured user (lib/commands/author.ts), so a typed name cannot reach a record.
 */
import { AccessInput, accessEvent } from '../audit/access';
import { PageMapping } from '../capture/teach';
import { DESTINATION_CODE, DESTINATION_KINDS } from '../paperwork/destination';
import {
  type BaoxueEvent,
  HALVES,
  MARKS,
  PERSUASION_METHODS,
  type PersuasionStep,
  VISIT_METHODS,
  VISITOR_ROLES,
} from '../records';
import { SYNCED } from '../sync/school';
import { beijingInstant, isIsoDate } from '../time/day';
import { z } from '../zod';
import { visitorRoleFor } from './visitor';

const studentId = z.string().trim().min(1, { error: 'cmd_err_student' }).max(128);
const caseId = z.string().trim().min(1, { error: 'cmd_err_case' }).max(128);
// A real calendar day: 2026-02-30 would be stored, then dropped by every reader as no day at all.
const date = z.string().refine(isIsoDate, { error: 'cmd_err_date' });
const words = (max: number) => z.string().trim().max(max, { error: 'cmd_err_too_long' });
const needed = (max: number, error: string) =>
  z.string().trim().min(1, { error }).max(max, { error: 'cmd_err_too_long' });

const AbsenceMarkInput = z.object({
  studentId,
  date,
  half: z.enum(HALVES),
  mark: z.enum(MARKS),
  reason: words(200).default(''),
});

/** The input of each command, by name. */
/** One taught page as a command takes it: its columns fit the event (at most 4,000 characters). */
const TaughtPage = PageMapping.refine((m) => JSON.stringify(m.columns).length <= 4000, {
  error: 'cmd_err_teach_too_many',
});

export const CommandInputs = {
  /** 考勤: one or many absence marks (a class's day, an imported file), all or nothing. */
  'absence/record': z.object({
    marks: z.array(AbsenceMarkInput).min(1, { error: 'cmd_err_no_marks' }).max(5000),
  }),
  /** 考勤: a half-day (or the day) at school after all: a `present` mark ends a run of absence. */
  'absence/present': z.object({ studentId, date, half: z.enum(HALVES) }),
  /** 家访 (domain.md §5 fields); `supersedes` names the visit record it corrects. */
  'visit/record': z
    .object({
      studentId,
      date,
      /** HH:MM as entered; absent when the visitor gave none (the record then shows the day only). */
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'cmd_err_visit_time' })
        .optional(),
      method: z.enum(VISIT_METHODS),
      visitorRole: z.enum(VISITOR_ROLES),
      reason: words(500).default(''),
      situation: words(2000).default(''),
      parentOpinion: words(2000).default(''),
      measures: words(2000).default(''),
      nextStep: words(2000).default(''),
      supersedes: z.string().max(128).optional(),
    })
    // An empty 家访 record must not count toward the quota nor close a ladder step (issue 15 §3): it says
    // at least why the visit was made, how the family is, or what the parent said (domain.md §5 fields).
    .refine((v) => !!(v.reason || v.situation || v.parentOpinion), { error: 'cmd_err_visit_empty' }),
  /** 手续清单: a document received (or the tick withdrawn). */
  'document/tick': z.object({
    caseId,
    doc: z.string().trim().min(1).max(64),
    state: z.enum(['received', 'withdrawn']),
    note: words(500).default(''),
  }),
  /**
   * 批量登记: documents received for several cases at once (one document for the selected cases, or every
   * missing document of one case). Every item is checked before anything is written: one bad item refuses
   * the whole batch. The 去向 is not a document to tick (it needs a place): `destination/record` records it.
   */
  'documents/tick': z
    .object({
      items: z
        .array(
          z.object({
            caseId,
            doc: z
              .string()
              .trim()
              .min(1, { error: 'cmd_err_doc' })
              .max(64, { error: 'cmd_err_doc' })
              .refine((d) => d !== DESTINATION_CODE, { error: 'cmd_err_tick_destination' }),
          }),
        )
        .min(1, { error: 'cmd_err_no_ticks' })
        .max(500, { error: 'cmd_err_too_many_ticks' }),
      note: words(500).default(''),
    })
    // The same document of the same case twice is a mistake in the selection, not two receipts.
    .refine(({ items }) => new Set(items.map((i) => `${i.caseId}\n${i.doc}`)).size === items.length, {
      error: 'cmd_err_tick_twice',
    }),
  /** 学生流出去向: where the child went, on the case's `destination` entry. */
  'destination/record': z.object({ caseId, kind: z.enum(DESTINATION_KINDS), place: words(100).default('') }),
  /** 立案劝返: opens a 劝返 case (its id is the reply). */
  'persuasion/open': z.object({ studentId }),
  /** A 劝返 attempt: how, and what came of it. */
  'persuasion/attempt': z.object({
    studentId,
    caseId,
    method: z.enum(PERSUASION_METHODS).exclude(['']),
    outcome: needed(1000, 'cmd_err_outcome'),
  }),
  /** 发出辍学生返校通知书 with its deadline. */
  'persuasion/notice': z.object({ studentId, caseId, deadline: date }),
  /** 报告乡镇政府、县教育局, on `date` (the day it was reported, asked of the user; absent from old callers). */
  'persuasion/report': z.object({ studentId, caseId, date: date.optional() }),
  /** 返校（销号）: the case closed by the child's return on `date`. */
  'persuasion/return': z.object({ studentId, caseId, date }),
  /** 辍学学生情况报告表 printed: closes the ladder's report step. */
  'dropout/report': z.object({ studentId }),
  /** 重点生: named with the reason and the 帮扶 partner teacher. */
  'key/name': z.object({
    studentId,
    reason: needed(500, 'cmd_err_key_reason'),
    partner: needed(50, 'cmd_err_key_partner'),
  }),
  /** 重点生 designation ended. */
  'key/end': z.object({ studentId }),
  /** A leader's monthly check of a 重点生's 帮扶 file. */
  'key/check': z.object({ studentId }),
  /** Special groups (单亲, 学困 …) the 学籍 does not carry. */
  'groups/enter': z.object({ studentId, groups: z.array(z.string().trim().min(1).max(32)).max(32) }),
  /** 识别此页: how to read a page (its columns and kind), for every colleague's device. */
  'page/teach': TaughtPage,
  /**
   * A mappings file imported in 设置: every page validated first, then all appended in one write (a
   * refused file leaves nothing behind). A page named twice counts once: its last entry.
   */
  'pages/teach': z.object({ pages: z.array(TaughtPage).min(1).max(500) }).transform(({ pages }) => ({
    pages: [...new Map(pages.map((m) => [`${m.host} ${m.path}`, m])).values()],
  })),
  /** 今日考勤已报: a class's school day reported. */
  'class-day/report': z.object({ className: needed(200, 'cmd_err_class'), date }),
  /** 访问记录: a child's file opened, a notice printed, a ledger exported (lib/audit/access.ts). */
  'access/record': AccessInput,
  /**
   * 放弃本机记录: a held-back record (未上传的记录) removed from this device at its user's word; appends
   * nothing (lib/commands/discard.ts, run by lib/commands/run.ts).
   */
  'held/discard': z.object({ collection: z.enum(SYNCED), id: z.string().trim().min(1).max(256) }),
} as const;

export type CommandName = keyof typeof CommandInputs;
export type CommandInput<N extends CommandName> = z.input<(typeof CommandInputs)[N]>;
type Parsed<N extends CommandName> = z.output<(typeof CommandInputs)[N]>;
export const COMMAND_NAMES = Object.keys(CommandInputs) as [CommandName, ...CommandName[]];

/** What a command answers (most answer how many events they appended). */
export interface CommandResults {
  'persuasion/open': { appended: number; caseId: string };
  'held/discard': { discarded: number };
}
export type CommandResult<N extends CommandName> = N extends keyof CommandResults
  ? CommandResults[N]
  : { appended: number };

/**
 * The commands a content script may run (the host page's overlay): ticking a document and recording the
 * 流出去向 on the panel. Everything else is for extension pages only: deny by default.
 */
export const OVERLAY_COMMANDS: ReadonlySet<CommandName> = new Set([
  'document/tick',
  'destination/record',
  'page/teach', // 识别此页, on the page being taught
]);

/** What every event of a command shares: the author and the clock, given by the runner. */
export interface Stamp {
  author: string;
  /** The author's staff roles when known (the signed-in account's, or the 本机使用者's): a 家访's visitor role. */
  roles?: readonly string[];
  now: number;
  /** A fresh id suffix (random in the runner, fixed in tests). */
  nonce: (i: number) => string;
}

type Built = { events: BaoxueEvent[]; caseId?: string };

const base = (s: Stamp, prefix: string, i = 0) => ({
  id: `${prefix}:${s.now}:${s.nonce(i)}`,
  author: s.author,
  at: s.now,
  recordedAt: s.now,
});

/** 识别此页 as an event: about a page, not a student. */
const pageTaught = (s: Stamp, { host, path, kind, columns }: PageMapping, i = 0): BaoxueEvent => ({
  ...base(s, `page:${host}`, i),
  kind: 'pageTaught',
  studentId: '',
  data: { host, path, pageKind: kind, columns: JSON.stringify(columns) },
});

const persuasion = (
  s: Stamp,
  p: { studentId: string; caseId: string; step: PersuasionStep },
  data: Partial<{
    method: (typeof PERSUASION_METHODS)[number];
    outcome: string;
    deadline: string;
    date: string;
  }> = {},
): BaoxueEvent => ({
  ...base(s, `persuasion:${p.step}`),
  kind: 'persuasionAttempt',
  studentId: p.studentId,
  caseId: p.caseId,
  data: { step: p.step, method: '', outcome: '', deadline: '', date: '', ...data },
});

const note = (
  s: Stamp,
  prefix: string,
  studentId: string,
  data: Extract<BaoxueEvent, { kind: 'riskNote' }>['data'],
) => ({ ...base(s, prefix), kind: 'riskNote', studentId, data }) satisfies BaoxueEvent;

/** The events each command appends. */
const BUILD: { [N in CommandName]: (input: Parsed<N>, s: Stamp) => Built } = {
  'access/record': (input, s) => ({ events: [accessEvent(input, s)] }),
  'absence/record': ({ marks }, s) => ({
    events: marks.map((m, i) => ({
      ...base(s, `absence:${m.studentId}:${m.date}`, i),
      kind: 'absence',
      studentId: m.studentId,
      data: { date: m.date, half: m.half, mark: m.mark, reason: m.reason },
    })),
  }),
  'absence/present': (p, s) => ({
    events: [
      {
        ...base(s, `absence:${p.studentId}:${p.date}`),
        kind: 'absence',
        studentId: p.studentId,
        data: { date: p.date, half: p.half, mark: 'present', reason: '' },
      },
    ],
  }),
  'visit/record': ({ studentId, date, supersedes, time, visitorRole, ...rest }, s) => {
    const data = { ...rest, visitorRole: visitorRoleFor(visitorRole, s.roles ?? []) };
    return {
      events: [
        {
          ...base(s, `visit:${studentId}`),
          // At the time entered; with none, noon in Beijing (that day in any device zone, so it closes that
          // day's step) and no time in the record: lists then show the day only, never an invented 12:00.
          at: beijingInstant(date, time ? `${time}:00` : undefined),
          kind: 'homeVisit',
          studentId,
          ...(supersedes ? { supersedes } : {}),
          data: time ? { ...data, time } : data,
        },
      ],
    };
  },
  'document/tick': (p, s) => ({
    events: [
      {
        ...base(s, `doc:${p.caseId}:${p.doc}`),
        kind: 'documentReceived',
        studentId: '', // about the case, not a student
        caseId: p.caseId,
        data: { doc: p.doc, state: p.state, note: p.note },
      },
    ],
  }),
  'documents/tick': ({ items, note }, s) => ({
    events: items.map(({ caseId, doc }, i) => ({
      ...base(s, `doc:${caseId}:${doc}`, i),
      kind: 'documentReceived',
      studentId: '', // about the case, not a student
      caseId,
      data: { doc, state: 'received', note },
    })),
  }),
  'destination/record': (p, s) => ({
    events: [
      {
        ...base(s, `doc:${p.caseId}:destination`),
        kind: 'documentReceived',
        studentId: '',
        caseId: p.caseId,
        data: { doc: 'destination', state: 'received', note: '', destKind: p.kind, dest: p.place },
      },
    ],
  }),
  'persuasion/open': ({ studentId }, s) => {
    const caseId = `persuasion:${studentId}:${s.now}`;
    return { caseId, events: [persuasion(s, { studentId, caseId, step: 'open' })] };
  },
  'persuasion/attempt': ({ method, outcome, ...p }, s) => ({
    events: [persuasion(s, { ...p, step: 'attempt' }, { method, outcome })],
  }),
  'persuasion/notice': ({ deadline, ...p }, s) => ({
    events: [persuasion(s, { ...p, step: 'notice' }, { deadline })],
  }),
  'persuasion/report': ({ date, ...p }, s) => ({
    events: [persuasion(s, { ...p, step: 'report' }, date ? { date } : {})],
  }),
  'persuasion/return': ({ date, ...p }, s) => ({
    events: [persuasion(s, { ...p, step: 'returned' }, { date })],
  }),
  'dropout/report': ({ studentId }, s) => ({
    events: [note(s, `report:${studentId}`, studentId, { type: 'dropout-report' })],
  }),
  'key/name': ({ studentId, reason, partner }, s) => ({
    events: [note(s, `key:${studentId}`, studentId, { type: 'key-student', reason, partner })],
  }),
  'key/end': ({ studentId }, s) => ({
    events: [note(s, `key:${studentId}`, studentId, { type: 'key-student-end', reason: '', partner: '' })],
  }),
  'key/check': ({ studentId }, s) => ({
    events: [note(s, `keycheck:${studentId}`, studentId, { type: 'key-check' })],
  }),
  'groups/enter': ({ studentId, groups }, s) => ({
    events: [
      note(s, `groups:${studentId}`, studentId, { type: 'special-groups', groups: groups.join('、') }),
    ],
  }),
  'page/teach': (m, s) => ({ events: [pageTaught(s, m)] }),
  'pages/teach': ({ pages }, s) => ({ events: pages.map((m, i) => pageTaught(s, m, i)) }),
  'class-day/report': ({ className, date }, s) => ({
    events: [note(s, `dayreport:${date}`, '', { type: 'class-day-report', className, date })],
  }),
  // Appends nothing: run.ts removes this device's copy instead (lib/commands/discard.ts).
  'held/discard': () => ({ events: [] }),
};

/** A command's input refused: the message key saying why, in a registrar's words. */
export class CommandRefused extends Error {
  constructor(readonly key: string) {
    super(key);
    this.name = 'CommandRefused';
  }
}

/** Parses a command's input: the parsed input, or a refusal naming the first thing wrong. */
export function parseCommand<N extends CommandName>(name: N, input: unknown): Parsed<N> {
  const schema = CommandInputs[name] as unknown as z.ZodType<Parsed<N>>;
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const said = r.error.issues.map((i) => i.message).find((m) => /^(cmd|user)_err_/.test(m));
  throw new CommandRefused(said ?? 'cmd_err_invalid');
}

/** The events a command appends for this (already parsed) input. */
export function buildEvents<N extends CommandName>(name: N, input: Parsed<N>, stamp: Stamp): Built {
  return (BUILD[name] as (i: Parsed<N>, s: Stamp) => Built)(input, stamp);
}
