/**
 * The records Baoxue keeps, as zod types. These are the boundary: whatever arrives from a host page, a
 * message, a backup file or (later) a sync server is parsed with them before it reaches the store. The
 * RxDB JSON schemas are derived from the same types (lib/db/collections.ts), so the two cannot drift.
 */
import { AccessData } from './audit/accessData';
import { StoredText } from './coded';
import { z } from './zod';

const id = z.string().min(1).max(128);
const timestamp = z.number().int().min(0).max(9_999_999_999_999); // ms since epoch
const text = z.string().max(2000);

/** Where and when a record was read: every captured record carries it. */
export const Provenance = z.object({
  host: z.string().max(253),
  pageKind: z.string().max(64),
  seenAt: timestamp,
});
export type Provenance = z.infer<typeof Provenance>;

/**
 * What the host shows of a 休学's term (休学开始日期 / 休学结束日期 / 休学期限), on a case or a 学籍卡: dates as
 * YYYY-MM-DD when readable, else as shown; the term as shown ("一年", "6个月"). Absent when not shown.
 */
export const SuspensionTerm = z.object({
  from: z.string().max(32).optional(),
  until: z.string().max(32).optional(),
  term: z.string().max(64).optional(),
});
export type SuspensionTerm = z.infer<typeof SuspensionTerm>;

/** 学生 — one per 全国学籍号. Mutable: a later capture overwrites what the host system says now. */
export const Student = z.object({
  id, // 全国学籍号 as read (uppercased), the key
  xjh: z.string().max(64), // 全国学籍号 / 个人标识码
  xjfh: text.optional(), // 学籍辅号
  name: text, // 姓名
  sex: z.string().max(8), // 性别: 男 / 女 / raw label
  birthDate: z.string().max(32), // 出生日期, YYYY-MM-DD when parseable, else raw
  idType: z.string().max(16), // 身份证件类型 code
  idNumber: z.string().max(64), // 身份证件号
  grade: text, // 年级
  className: text, // 班级
  enrolled: z.string().max(16).optional(), // 入学年月 YYYY-MM
  boarding: z.boolean().optional(), // 住校
  // 留守, 随迁, 孤儿, 残疾 … (context for care, never a score). Absent when the source does not show them.
  specialGroups: z.array(z.string().max(32)).max(32).optional(),
  phone: z.string().max(64).optional(),
  address: text.optional(),
  onRoll: z.boolean(), // 是否在校
  suspension: SuspensionTerm.optional(), // 休学 term as the 学籍卡 shows it
  discipline: text.optional(), // 处分情况 as the 学籍卡 shows it ("无" when none)
  flags: z.array(z.string().max(64)).max(64), // problem codes, e.g. id-checksum
  source: Provenance,
  updatedAt: timestamp,
});
export type Student = z.infer<typeof Student>;

/** 学籍异动 case (转出, 转入, 休学, 复学 …) as listed by the host system. Mutable. */
export const StatusChangeCase = z.object({
  id, // host's business id when it has one, else derived from 学籍号 + type + 申请日期
  xjh: z.string().max(64),
  name: text,
  grade: text,
  className: text,
  changeType: z.string().max(64), // 异动类别, raw label: never guessed
  reason: text, // 异动原因
  changeDate: z.string().max(32), // 异动日期
  appliedDate: z.string().max(32), // 申请日期
  reviewStatus: z.string().max(64), // 审核状态 / 办理状态
  currentUnit: text, // 当前办理单位
  toSchool: text, // 转入学校
  fromSchool: text, // 转出学校
  suspension: SuspensionTerm.optional(), // 休学 term, when the host shows it on the case
  toGrade: text.optional(), // 转入年级, when the host shows it (a transfer keeps the grade)
  discipline: text.optional(), // 处分情况, when the host shows it (no transfer under discipline)
  flags: z.array(z.string().max(64)).max(64),
  source: Provenance,
  updatedAt: timestamp,
});
export type StatusChangeCase = z.infer<typeof StatusChangeCase>;

/**
 * Append-only facts: an absence mark, a 家访, a 劝返 attempt, a document received, a note. Never edited: a
 * correction is a new event naming the one it supersedes, so two devices writing at once never conflict.
 *
 * `BaoxueEvent` below is the one source of every event's type: a union on `kind`, each with its typed
 * `data`. The store keeps the loose `StoredEvent` shape (its RxDB schema, and what the server and older
 * devices hold); every read goes through `BaoxueEvent` (`parseEvents`), which maps values older versions
 * stored (Chinese words such as '上门') to today's codes.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const note = z.string().max(4000);
/** Free text an old or foreign record may lack: read as ''. */
const opt = note.default('');

/** Maps the words older versions stored to today's codes; anything else is left for the enum to judge. */
const coded = <T extends readonly [string, ...string[]]>(codes: T, old: Record<string, T[number]>) =>
  z.preprocess((v) => (typeof v === 'string' && v in old ? old[v] : v), z.enum(codes));

export const HALVES = ['am', 'pm', 'day'] as const;
export const MARKS = ['unexcused', 'excused', 'present'] as const;
export const AbsenceData = z.object({
  date: isoDay,
  half: z.enum(HALVES),
  mark: z.enum(MARKS),
  reason: opt,
});

/** How a family was reached: 上门 (in person), 电话, 微信. Stored as codes since wave 2. */
export const VISIT_METHODS = ['home', 'phone', 'wechat'] as const;
export const VisitMethod = coded(VISIT_METHODS, { 上门: 'home', 电话: 'phone', 微信: 'wechat' });
export type VisitMethod = (typeof VISIT_METHODS)[number];
/** Who made a 家访: 班主任, 校领导, 科任教师, 学籍管理员 (added later: older records hold the first three). */
export const VISITOR_ROLES = ['teacher', 'leader', 'subjectTeacher', 'registrar'] as const;
export const HomeVisitData = z.object({
  method: VisitMethod,
  visitorRole: z.enum(VISITOR_ROLES).default('teacher'),
  reason: opt,
  situation: opt,
  parentOpinion: opt,
  measures: opt,
  nextStep: opt,
  /** The time of day the visitor entered (HH:MM), if any: a visit's time is never invented. */
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
});

export const PERSUASION_STEPS = ['open', 'attempt', 'notice', 'report', 'returned'] as const;
export type PersuasionStep = (typeof PERSUASION_STEPS)[number];
/** How a 劝返 attempt was made; '' when the step has none (opening, reporting). */
export const PERSUASION_METHODS = ['', 'home', 'phone', 'wechat', 'village', 'leaderHome'] as const;
export type PersuasionMethod = (typeof PERSUASION_METHODS)[number];
export const PersuasionMethod = coded(PERSUASION_METHODS, {
  上门: 'home',
  电话: 'phone',
  微信: 'wechat',
  村委会协助: 'village',
  校领导上门: 'leaderHome',
});
export const PersuasionData = z.object({
  step: z.enum(PERSUASION_STEPS),
  method: z.preprocess((v) => v ?? '', PersuasionMethod),
  outcome: opt,
  deadline: opt, // the 返校通知书's deadline, YYYY-MM-DD ('' on other steps)
  date: opt, // the day of return, on `returned`; the day reported, on `report`
});

export const DocumentData = z.object({
  doc: z.string().min(1).max(64),
  state: z.enum(['received', 'withdrawn']).catch('received'),
  note: opt,
  destKind: z.string().max(32).optional(), // on doc `destination`: lib/paperwork/destination's kind
  dest: z.string().max(200).optional(),
});

/** Notes, by type: each a fact a rule reads (a report printed, a check done, a designation …). */
export const RiskNoteData = z.discriminatedUnion('type', [
  /** The 辍学学生情况报告表 printed: closes the ladder's report step. */
  z.object({ type: z.literal('dropout-report') }),
  /** A leader's monthly check of a 重点生's 帮扶 file. */
  z.object({ type: z.literal('key-check') }),
  /** A student named 重点生, with the reason and the 帮扶 partner teacher. */
  z.object({ type: z.literal('key-student'), reason: opt, partner: opt }),
  /** The 重点生 designation ended. */
  z.object({ type: z.literal('key-student-end'), reason: opt, partner: opt }),
  /** Special groups a teacher entered (单亲, 学困 …), joined with '、'. */
  z.object({ type: z.literal('special-groups'), groups: opt }),
  /** 今日考勤已报: a class's school day reported (no student). */
  z.object({ type: z.literal('class-day-report'), className: z.string().min(1).max(200), date: isoDay }),
]);
export type RiskNoteData = z.infer<typeof RiskNoteData>;
export type RiskNoteType = RiskNoteData['type'];

/**
 * 识别此页: how a registrar taught Baoxue to read a page (host, path, page kind, and its columns as the
 * JSON text lib/capture/teach.ts `mappingOfEvent` parses). Page structure only: never a student's data.
 */
export const PageTaughtData = z.object({
  host: z.string().min(1).max(253),
  path: z.string().min(1).max(300),
  pageKind: z.string().min(1).max(64),
  columns: z.string().min(2).max(4000),
});

const eventFields = {
  // '' when the event is about a case, not a student (a document received): indexed, so never absent.
  studentId: z.string().max(128).default(''),
  caseId: z.string().max(128).optional(),
  author: z.string().max(128),
  at: timestamp, // when it happened
  recordedAt: timestamp,
  supersedes: z.string().max(128).optional(),
};
const eventBase = { id, ...eventFields };

export const BaoxueEvent = z.discriminatedUnion('kind', [
  z.object({ ...eventBase, kind: z.literal('absence'), data: AbsenceData }),
  z.object({ ...eventBase, kind: z.literal('homeVisit'), data: HomeVisitData }),
  z.object({ ...eventBase, kind: z.literal('persuasionAttempt'), data: PersuasionData }),
  z.object({ ...eventBase, kind: z.literal('documentReceived'), data: DocumentData }),
  z.object({ ...eventBase, kind: z.literal('riskNote'), data: RiskNoteData }),
  z.object({ ...eventBase, kind: z.literal('pageTaught'), data: PageTaughtData }),
  /** 访问记录: a child's file opened, a notice printed, a ledger exported (lib/audit/access.ts). */
  z.object({ ...eventBase, kind: z.literal('access'), data: AccessData }),
]);
export type BaoxueEvent = z.infer<typeof BaoxueEvent>;
export type EventKind = BaoxueEvent['kind'];
export type EventOf<K extends EventKind> = Extract<BaoxueEvent, { kind: K }>;
/** Every kind of event, from the union: the server's write rule checks these (lib/sync/school.ts). */
export const EVENT_KINDS = BaoxueEvent.options.map((o) => o.shape.kind.value) as EventKind[];
export const EventKind = z.enum(EVENT_KINDS as [EventKind, ...EventKind[]]);

/**
 * The stored shape (the events collection's schema, unchanged since v1): a flat `data` record, so the
 * server, backups and older devices keep every event whatever its version. Read through `parseEvents`.
 */
export const StoredEvent = z.object({
  id,
  kind: EventKind, // the order of these keys is the collection's schema: unchanged since v1
  ...eventFields,
  data: z.record(z.string().max(64), z.union([z.string().max(4000), z.number(), z.boolean(), z.null()])),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** One stored event as today's type, or null when it is not one (malformed, or of a type unknown here). */
export function parseEvent(raw: unknown): BaoxueEvent | null {
  const r = BaoxueEvent.safeParse(raw);
  return r.success ? r.data : null;
}

/** Stored events as today's types; ones that do not parse are left out (they stay stored as they are). */
export function parseEvents(raw: readonly unknown[]): BaoxueEvent[] {
  const out: BaoxueEvent[] = [];
  for (const e of raw) {
    const p = parseEvent(e);
    if (p) out.push(p);
  }
  return out;
}

/** Something a person must do by a date (from the absence ladder or paperwork rules). Mutable. */
export const Task = z.object({
  id,
  kind: z.string().max(64),
  title: StoredText, // a coded text; a task stored before codes holds the words (still shown)
  studentId: z.string().max(128).default(''), // '' for a task about no one student; indexed
  caseId: z.string().max(128).optional(),
  ownerRole: z.enum(['registrar', 'teacher', 'leader', 'admin']),
  due: z.string().max(10), // YYYY-MM-DD
  state: z.enum(['open', 'done', 'escalated', 'cancelled']),
  closedBy: z.string().max(128).optional(), // the event that closed it
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Task = z.infer<typeof Task>;

/** What changed since the last visit: derived when a capture differs from what was stored. Append-only. */
export const ChangeKind = z.enum([
  'student-new',
  'student-gone',
  'student-changed',
  'case-new',
  'case-status',
]);
export const ChangeEvent = z.object({
  id,
  kind: ChangeKind,
  recordId: z.string().max(128),
  summary: text,
  at: timestamp,
  source: Provenance,
});
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/** Device-local settings (hosts, last visit …). Never replicated. */
export const Setting = z.object({
  id,
  value: z.string().max(100_000), // JSON text, parsed by the setting's own zod type where it is read
  updatedAt: timestamp,
});
export type Setting = z.infer<typeof Setting>;

const day = z.string().max(10); // YYYY-MM-DD

/** A 劝返 case as derived from its events (lib/risk/persuasion.ts), kept in a student's risk summary. */
export const PersuasionCaseRecord = z.object({
  id,
  studentId: id,
  openedAt: timestamp,
  openedBy: z.string().max(128),
  steps: z
    .array(
      z.object({
        step: z.enum(PERSUASION_STEPS),
        at: timestamp,
        by: z.string().max(128),
        method: text,
        outcome: text,
        deadline: z.string().max(32),
        /** The day a report to the 乡镇政府 or a return happened, as the user gave it. */
        date: z.string().max(32).optional(),
      }),
    )
    .max(500),
  deadline: z.string().max(32).optional(),
  returnedOn: z.string().max(32).optional(),
  state: z.enum(['open', 'closed']),
});
type PersuasionCaseShape = z.infer<typeof PersuasionCaseRecord>;
/** The case as lib/risk/persuasion derives it: each step also names the event that recorded it. */
export type PersuasionCase = Omit<PersuasionCaseShape, 'steps'> & {
  steps: (PersuasionCaseShape['steps'][number] & { id: string })[];
};

/** A 重点生 designation as derived from its notes (lib/risk/keyStudents.ts). */
export const KeyStudentRecord = z.object({
  studentId: id,
  since: day,
  reason: text,
  partner: text,
  by: z.string().max(128),
  lastVisit: day.optional(),
  nextVisitDue: day,
  visitOverdue: z.boolean(),
});
export type KeyStudent = z.infer<typeof KeyStudentRecord>;

/** What lists and tasks show of a student: the one shape every derived record names a student by. */
export const StudentRef = Student.pick({
  id: true,
  xjh: true,
  name: true,
  className: true,
  specialGroups: true,
});
export type StudentRef = z.infer<typeof StudentRef>;
/** What a task names of its student (its title and the 待办 row): part of StudentRef. */
export type TaskStudent = Pick<StudentRef, 'id' | 'name' | 'className'>;

/**
 * 风险名单 entry: one student's tier and its reasons, derived from the events and kept on this
 * device only (lib/derive/riskIndex.ts keeps it in step), so opening the list is one small indexed query
 * however many years of absences a county has recorded. Never replicated: every device derives its own.
 */
export const RiskSummary = z.object({
  id, // the student's id (全国学籍号)
  /** 0 紧急, 1 预警, 2 关注, 3 ladder tasks only: the list's sort and its index. */
  rank: z.number().int().min(0).max(3),
  tier: z.enum(['urgent', 'warning', 'watch']).optional(),
  /** Each reason a coded text (lib/coded.ts); lists stored before codes hold the words (still shown). */
  reasons: z.array(StoredText).max(64),
  streakDays: z.number().min(0).max(10_000),
  student: StudentRef,
  persuasion: PersuasionCaseRecord.optional(),
  key: KeyStudentRecord.optional(),
  updatedAt: timestamp,
});
export type RiskSummary = z.infer<typeof RiskSummary>;

/**
 * 适龄儿童 — one child of school age on a list from the village or the 户籍 authority (篇一, 篇五; MOE 2024's
 * 适龄儿童台账), checked against the roll by lib/enrolment. Personal data of children: kept on this device
 * only, never replicated, as documents of the device-local settings collection (lib/enrolment/store: a
 * collection of its own would make two open stores in one realm pass RxDB's limit of 13 collections).
 */
export const SchoolAgeChild = z.object({
  id, // 'id:' + 身份证号 when the list gives one, else 'nb:' + 姓名 + '|' + 出生日期
  name: z.string().min(1).max(50), // 姓名
  idNumber: z.string().max(18), // 身份证号 (GB 11643), '' when the list has none
  birthDate: z.string().max(10), // 出生日期 YYYY-MM-DD
  village: text, // 户籍地 / 村
  guardian: z.string().max(50), // 监护人
  phone: z.string().max(64), // 联系电话
  note: text, // 备注, as the list says
  /** 去向: where the registrar recorded the child to be schooled instead (lib/enrolment/ledger WHEREABOUTS); '' none. */
  whereabouts: z.string().max(32),
  importedAt: timestamp,
  updatedAt: timestamp,
});
export type SchoolAgeChild = z.infer<typeof SchoolAgeChild>;
