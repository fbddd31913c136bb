/**
 * Review 16, finding A, over HTTP against the real gateway: a sealed school takes no personal text in a field it
 * lets through in clear. Each write below got 201 before: a 帮扶 partner on a 家访 (the code belongs to a
 * designation only), a name inside a class name, a 学籍号 or a phone as a document's code, a phone as the sealed
 * part's key id, and a registrar's student carrying a phone and a name in its problem codes, its source page and
 * its 身份证件类型. Now each is refused in words, nothing of it is stored, and what devices really seal (every
 * kind of record, by the sealer itself) still goes through.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, StatusChangeCase, StoredEvent } from '../lib/records';
import { databaseName, type SyncedCollection } from '../lib/sync/school';
import { sealRecord } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] },
];
const REG = STAFF[0]!.name;
const TEACHER = STAFF[1]!.name;
const SEALED = 'sealedclear';
const CHILD = `h-${'A'.repeat(32)}`;
const NAME = '钱小满';
const PHONE = '13800138000';
const XJH = 'G110101201301011234';
/** A sealed part of the keyring's form (8-character key id, 12-byte IV): what a device's `seal` writes. */
const E = 'Ab3_x-9Z.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB';
const AT = 1_700_000_000_000;

// The registrar's device makes the keyring: the school is sealed from the start.
const bed = syncTestbed({ school: SEALED, staff: STAFF, keys: 'registrar' });
const { call } = bed;
let n = 0;
const hashId = () => `h-${String(++n).padStart(32, 'c')}`;
const put = (who: string, c: SyncedCollection, doc: Record<string, unknown>) =>
  call(who, 'PUT', `${databaseName(SEALED, c)}/${String(doc._id)}`, doc);
const visit = (data: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  _id: hashId(),
  kind: 'homeVisit',
  studentId: CHILD,
  author: TEACHER,
  at: AT,
  recordedAt: AT,
  enc: E,
  data,
  ...over,
});
const student = (over: Record<string, unknown>) => ({
  _id: hashId(),
  className: '七年级1班',
  grade: '七年级',
  updatedAt: AT,
  enc: E,
  ...over,
});

/** Every document of the school's databases, as the admin reads them. */
async function stored(): Promise<string> {
  let text = '';
  for (const c of ['students', 'events', 'cases', 'changes'] as const)
    text += (await call(ADMIN.name, 'GET', `${databaseName(SEALED, c)}/_all_docs?include_docs=true`)).text;
  return text;
}

beforeAll(async () => {
  expect((await put(ADMIN.name, 'students', student({ _id: CHILD }))).status).toBe(201);
});

describe('a sealed school refuses personal text in its clear fields (review 16, finding A)', () => {
  it.each([
    [
      'a 帮扶 partner on a 家访 (a designation’s code)',
      TEACHER,
      'events',
      visit({ method: 'home', partner: `${NAME}的妈妈王芳` }),
      '记录内容',
    ],
    [
      'a name inside a class name, on a 家访',
      TEACHER,
      'events',
      visit({ method: 'home', className: `七年级${NAME}班` }),
      '记录内容',
    ],
    [
      'a name inside the class of a day report',
      TEACHER,
      'events',
      visit(
        { type: 'class-day-report', className: `七年级${NAME}班`, date: '2026-11-20' },
        { kind: 'riskNote', studentId: '' },
      ),
      '记录内容',
    ],
    ['a 学籍号 as a document, on a 家访', TEACHER, 'events', visit({ method: 'home', doc: XJH }), '记录内容'],
    [
      'a 学籍号 as a document, on a document ticked',
      REG,
      'events',
      visit(
        { doc: XJH, state: 'received' },
        { kind: 'documentReceived', author: REG, studentId: '', caseId: CHILD },
      ),
      '记录内容',
    ],
    [
      'a phone as a document, on a document ticked',
      REG,
      'events',
      visit(
        { doc: `tel${PHONE}`, state: 'received' },
        { kind: 'documentReceived', author: REG, studentId: '', caseId: CHILD },
      ),
      '记录内容',
    ],
    [
      'a phone as the sealed part’s key id',
      TEACHER,
      'events',
      visit({ method: 'home' }, { enc: `${PHONE}.AAAA.BBBB` }),
      '加密内容',
    ],
    [
      'a phone and a name as problem codes',
      REG,
      'students',
      student({ flags: [`p${PHONE}`, 'qianxiaoman'] }),
      '问题标记',
    ],
    [
      'a phone and a name in the source page',
      REG,
      'students',
      student({ source: { host: `qian-xiao-man.${PHONE}`, pageKind: XJH, seenAt: AT } }),
      '来源页面',
    ],
    ['a name as the 身份证件类型', REG, 'students', student({ idType: NAME }), '身份证件类型'],
    [
      'a name as a case’s 异动类别',
      REG,
      'cases',
      { _id: hashId(), updatedAt: AT, enc: E, changeType: NAME },
      '异动类别',
    ],
    [
      'a name before 班 in a student’s class',
      REG,
      'students',
      student({ className: `七年级${NAME}班` }),
      '班级',
    ],
  ] as [string, string, SyncedCollection, Record<string, unknown>, string][])(
    '%s: refused, in words, and not stored',
    async (_what, who, c, doc, words) => {
      const r = await put(who, c, doc);
      expect(r.status).toBe(403);
      expect(String(r.json.reason)).toMatch(/未加密的学生个人信息.*服务器不接收明文/);
      expect(String(r.json.reason)).toContain(words);
      const all = await stored();
      expect(all).not.toContain(NAME);
      expect(all).not.toContain('qianxiaoman');
      expect(all).not.toContain(PHONE);
      expect(all).not.toContain(XJH);
    },
  );

  it('a class the school named without words of its own gets a hint to check the class name', async () => {
    const r = await put(REG, 'students', student({ className: `七年级${NAME}班` }));
    expect(String(r.json.reason)).toContain('请在学籍系统中核对班级名称');
  });

  it('what devices seal still goes through: every kind of record, sealed by the registrar’s device', async () => {
    const xjh = 'G110105201401010099';
    const s = makeStudent({
      id: xjh,
      xjh,
      name: NAME,
      phone: PHONE,
      idType: '居民身份证',
      className: '七年级1班',
      grade: '七年级',
      flags: ['id-checksum'],
      source: { host: 'xj.example.edu.cn', pageKind: 'student-list', seenAt: AT },
    });
    const kase: StatusChangeCase = {
      id: `${xjh}|转出|2026-09-01`,
      xjh,
      name: NAME,
      grade: '七年级',
      className: '七年级1班',
      changeType: '转学（转出）',
      reason: '随父母务工',
      changeDate: '2026-09-02',
      appliedDate: '2026-09-01',
      reviewStatus: '待审核',
      currentUnit: '某县教育局',
      toSchool: '某市实验中学',
      fromSchool: '本校',
      flags: ['transfer-grade-change'],
      source: { host: 'xj.example.edu.cn', pageKind: 'status-change', seenAt: AT },
      updatedAt: AT,
    };
    const base = { studentId: xjh, author: REG, at: AT, recordedAt: AT };
    const events: StoredEvent[] = [
      {
        ...base,
        id: `absence:${xjh}:1`,
        kind: 'absence',
        data: { date: '2026-09-02', half: 'am', mark: 'unexcused', reason: '病' },
      },
      {
        ...base,
        id: `visit:${xjh}:1`,
        kind: 'homeVisit',
        data: { method: 'home', visitorRole: 'registrar', situation: PHONE, time: '09:30' },
      },
      {
        ...base,
        id: `persuade:${xjh}:1`,
        kind: 'persuasionAttempt',
        data: { step: 'notice', method: 'village', outcome: '', deadline: '2026-09-20', date: '' },
      },
      {
        ...base,
        id: `doc:${xjh}:1`,
        kind: 'documentReceived',
        studentId: '',
        caseId: kase.id,
        data: { doc: 'application', state: 'received', note: '' },
      },
      {
        ...base,
        id: `doc:${xjh}:2`,
        kind: 'documentReceived',
        studentId: '',
        caseId: kase.id,
        data: { doc: 'destination', state: 'received', destKind: 'province', dest: '某省某校' },
      },
      {
        ...base,
        id: `doc:${xjh}:3`,
        kind: 'documentReceived',
        studentId: '',
        caseId: kase.id,
        data: { doc: 'custom-mbc3xyz1', state: 'received', note: '' },
      },
      {
        ...base,
        id: `key:${xjh}:1`,
        kind: 'riskNote',
        data: { type: 'key-student', reason: '厌学', partner: TEACHER },
      },
      {
        ...base,
        id: 'day:1',
        studentId: '',
        kind: 'riskNote',
        data: { type: 'class-day-report', className: '七年级1班', date: '2026-09-02' },
      },
      {
        ...base,
        id: 'taught:1',
        studentId: '',
        kind: 'pageTaught',
        data: { host: 'xj.example.edu.cn', path: '/a', pageKind: 'student-list', columns: '[]' },
      },
      { ...base, id: `access:${xjh}:1`, kind: 'access', data: { what: 'studentFile', name: '' } },
    ];
    const change: ChangeEvent = {
      id: `change:${xjh}:1`,
      kind: 'student-changed',
      recordId: xjh,
      summary: `${NAME} 班级变更`,
      at: AT,
      source: { host: 'xj.example.edu.cn', pageKind: 'student-list', seenAt: AT },
    };
    const all: [SyncedCollection, Record<string, unknown>][] = [
      ['students', s],
      ['cases', kase],
      ...events.map((e) => ['events', e] as [SyncedCollection, Record<string, unknown>]),
      ['changes', change],
    ];
    for (const [c, doc] of all) {
      const { id, ...rest } = await sealRecord(bed.keys, c, 'id', { ...doc, _deleted: false });
      const r = await put(REG, c, { ...rest, _id: id });
      expect(r.status, `${c} ${String(doc.id)}: ${r.text}`).toBe(201);
    }
    const text = await stored();
    for (const secret of [NAME, PHONE, '居民身份证', 'xj.example.edu.cn', '转学', '待审核', 'id-checksum'])
      expect(text).not.toContain(secret);
  });

  it('a teacher’s own 家访 and class day report, as the device writes them, still go through', async () => {
    expect((await put(TEACHER, 'events', visit({ method: 'phone', visitorRole: 'teacher' }))).status).toBe(
      201,
    );
    const day = visit(
      { type: 'class-day-report', className: '七年级1班', date: '2026-11-20' },
      { kind: 'riskNote', studentId: '' },
    );
    expect((await put(TEACHER, 'events', day)).status).toBe(201);
  });
});
