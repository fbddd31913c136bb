/**
 * 访问记录 as a leader reads it and the yearly compliance audit (个人信息保护合规审计) as a workbook: the
 * access events in words (who, when, which child by name or which ledger), the staff with their roles and
 * scopes, and the categories of children's personal data held (lib/sync/personal.ts), in words.
 *
 * A child is named only from the records this device holds: an access to a child the viewer may not see
 * shows no name and never the child's number (a 学籍号 may be a citizen ID).
 */
import type ExcelJS from 'exceljs';
import type { MessageKey } from '../i18n';
import type { Say } from '../reports/xlsx';
import { beijingTime } from '../time/day';
import type { AuditReport } from './access';
import { AccessData } from './accessData';

export interface AccessRow {
  at: number;
  who: string;
  what: AccessData['what'];
  studentId: string;
  /** The notice or ledger (a code). */
  name: string;
}

/** The access events among `events`, newest first. */
export function accessRows(
  events: readonly { kind: string; author: string; at: number; studentId?: string; data: unknown }[],
): AccessRow[] {
  return events
    .flatMap((e) => {
      if (e.kind !== 'access') return [];
      const d = AccessData.safeParse(e.data);
      return d.success
        ? [{ at: e.at, who: e.author, what: d.data.what, studentId: e.studentId ?? '', name: d.data.name }]
        : [];
    })
    .sort((a, b) => b.at - a.at);
}

/** The month (YYYY-MM) of a moment, as the school's calendar reads it. */
export const monthOf = (ms: number) => beijingTime(ms).day.slice(0, 7);

/** Rows by one person ('' everyone) in one month ('' any). */
export const filterAccess = (rows: readonly AccessRow[], f: { who: string; month: string }) =>
  rows.filter((r) => (!f.who || r.who === f.who) && (!f.month || monthOf(r.at) === f.month));

const WHAT: Record<AccessRow['what'], MessageKey> = {
  studentFile: 'access_what_studentFile',
  notice: 'access_what_notice',
  ledger: 'access_what_ledger',
};
const DOC: Record<string, MessageKey> = { notice: 'access_doc_notice', report: 'access_doc_report' };
const LEDGER: Record<string, MessageKey> = {
  monthly: 'report_monthly',
  suspected: 'ledger_suspected',
  dropout: 'ledger_dropout',
  changes: 'ledger_changes',
  key: 'ledger_key',
  visits: 'ledger_visits',
  children: 'ledger_children',
};

/** One row in words: the action, the child (by name, when this device holds them) and the document. */
export function accessWords(row: AccessRow, names: ReadonlyMap<string, string>, say: Say) {
  const child = row.what === 'ledger' ? '' : (names.get(row.studentId) ?? say('access_child_absent'));
  const item =
    row.what === 'ledger'
      ? say(LEDGER[row.name] ?? 'access_ledger_other')
      : row.what === 'notice'
        ? say(DOC[row.name] ?? 'access_what_notice')
        : '';
  return { what: say(WHAT[row.what]), child, item };
}

/** Words for each personal field (lib/sync/personal.ts); a field without words counts as "other". */
const FIELD: Record<string, MessageKey> = {
  xjh: 'data_item_xjh',
  xjfh: 'data_item_xjfh',
  name: 'data_item_name',
  sex: 'data_item_sex',
  birthDate: 'data_item_birthDate',
  idNumber: 'data_item_idNumber',
  specialGroups: 'data_item_specialGroups',
  phone: 'data_item_phone',
  address: 'data_item_address',
  suspension: 'data_item_suspension',
  discipline: 'data_item_discipline',
  reason: 'data_item_reason',
  toSchool: 'data_item_toSchool',
  fromSchool: 'data_item_fromSchool',
  currentUnit: 'data_item_currentUnit',
  recordId: 'data_item_recordId',
  summary: 'data_item_summary',
};
const CATEGORY: Record<string, MessageKey> = {
  students: 'data_cat_students',
  cases: 'data_cat_cases',
  events: 'data_cat_events',
  changes: 'data_cat_changes',
};

/** The fields of `categories` that have no words yet (a field added to lib/sync/personal.ts). */
export const fieldsWithoutWords = (categories: Record<string, string[]>) =>
  Object.values(categories)
    .flat()
    .filter((f) => !(f in FIELD));

/**
 * The categories of personal data held, in words: per kind of record, each personal field; events carry
 * the free text teachers write (sealed whole inside an event's data, lib/sync/personal.ts).
 */
export function dataCategoryWords(categories: Record<string, string[]>, say: Say) {
  return Object.entries(categories).flatMap(([collection, fields]) => {
    const category = say(CATEGORY[collection] ?? 'data_item_other', fields.length);
    const known = fields.filter((f) => f in FIELD).map((f) => say(FIELD[f]!));
    const other = fields.length - known.length;
    const items = [
      ...known,
      ...(collection === 'events' ? [say('data_item_notes')] : []),
      ...(other > 0 ? [say('data_item_other', other)] : []),
    ];
    return items.map((item) => ({ category, item }));
  });
}

const ROLE: Record<string, MessageKey> = {
  registrar: 'role_registrar',
  leader: 'role_leader',
  teacher: 'role_teacher',
  admin: 'role_admin',
};
/** A member's roles in words (roles Baoxue does not know are left out rather than shown as codes). */
export const roleWords = (roles: readonly string[], say: Say) =>
  roles
    .filter((r) => r in ROLE)
    .map((r) => say(ROLE[r]!))
    .join('、');

/** A scope in words: the whole school, or the teacher's classes and the 重点生 they mentor. */
export function scopeWords(classes: readonly string[], say: Say, mentored = 0): string {
  if (classes.includes('*')) return say('staff_whole_school');
  const parts = [
    classes.length ? say('audit_scope_classes', classes.join('、')) : say('staff_none'),
    ...(mentored ? [say('audit_scope_partner', mentored)] : []),
  ];
  return parts.join('；');
}

function titled(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  headers: { text: string; width: number }[],
  rows: (string | number)[][],
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = headers.map((h) => ({ width: h.width }));
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(headers.map((h) => h.text)).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return ws;
}

/**
 * The yearly audit: access log, staff and scopes, categories of data held, one sheet each. `mentored`: how
 * many 重点生 each teacher mentors as 帮扶 partner (by name), part of what they may see.
 */
export function auditWorkbook(
  Excel: typeof ExcelJS,
  report: AuditReport,
  names: ReadonlyMap<string, string>,
  school: string,
  say: Say,
  mentored: ReadonlyMap<string, number> = new Map(),
): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  const time = (ms: number) => {
    const b = beijingTime(ms);
    return `${b.day} ${String(b.hour).padStart(2, '0')}:${String(b.minute).padStart(2, '0')}`;
  };
  titled(
    wb,
    say('audit_sheet_access'),
    say('audit_title_access', school, report.year),
    [
      { text: say('access_col_time'), width: 18 },
      { text: say('access_col_who'), width: 12 },
      { text: say('access_col_what'), width: 16 },
      { text: say('access_col_child'), width: 20 },
      { text: say('access_col_item'), width: 22 },
    ],
    report.accesses.map((a) => {
      const row: AccessRow = {
        at: Date.parse(a.at),
        who: a.who,
        what: a.what as AccessRow['what'],
        studentId: a.studentId,
        name: a.name,
      };
      const w = accessWords(row, names, say);
      return [time(row.at), a.who, w.what, w.child, w.item];
    }),
  );
  const day = beijingTime(Date.parse(report.generatedAt)).day;
  titled(
    wb,
    say('audit_sheet_staff'),
    say('audit_title_staff', school, day),
    [
      { text: say('staff_col_name'), width: 14 },
      { text: say('staff_col_role'), width: 16 },
      { text: say('audit_col_scope'), width: 36 },
      { text: say('audit_col_count'), width: 14 },
    ],
    report.staff.map((s) => [
      s.name,
      roleWords(s.roles, say),
      scopeWords(s.classes, say, mentored.get(s.name) ?? 0),
      report.countsByStaff[s.name] ?? 0,
    ]),
  );
  titled(
    wb,
    say('audit_sheet_data'),
    say('audit_title_data', school, day),
    [
      { text: say('audit_col_category'), width: 22 },
      { text: say('audit_col_item'), width: 40 },
      { text: say('audit_col_protection'), width: 40 },
    ],
    dataCategoryWords(report.dataCategories, say).map((c) => [
      c.category,
      c.item,
      say('audit_protection_sealed'),
    ]),
  );
  return wb;
}
