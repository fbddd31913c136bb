/**
 * The allow-list of a sealed school's clear fields (server/sealedShape.ts) against the sealer itself: records
 * with every field filled, sealed with a real keyring, must pass it whole (else a legitimate sync is refused),
 * and every field it allows must have a shape check (else it would let anything through).
 */
import { describe, expect, it } from 'vitest';
import type { ChangeEvent, StatusChangeCase, StoredEvent } from '../lib/records';
import { CLEAR_EVENT_DATA } from '../lib/sync/personal';
import type { SyncedCollection } from '../lib/sync/school';
import { newKeyringData, openKeyring, sealRecord, withoutOffice } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { CLEAR_FIELDS, classLabel, EVENT_DATA_SHAPE, shapeOf, unsealedFields } from './sealedShape';

type Doc = Record<string, unknown>;
const XJH = 'G110105201401010099';
const SOURCE = { host: 'xj.example.edu.cn', pageKind: 'student-list', seenAt: 1_700_000_000_000 };

const student = makeStudent({
  id: XJH,
  xjh: XJH,
  xjfh: '110105201401010099',
  name: '钱小满',
  phone: '13800138123',
  address: '红旗村 3 组',
  specialGroups: ['留守'],
  enrolled: '2020-09',
  boarding: true,
  suspension: { from: '2024-03-01', until: '2025-03-01', term: '一年' },
  discipline: '无',
  flags: ['id-checksum'],
  source: SOURCE,
});
const kase: StatusChangeCase = {
  id: `${XJH}|转学(转出)|2024-09-01`,
  xjh: XJH,
  name: '钱小满',
  grade: '七年级',
  className: '七年级(1)班',
  changeType: '转学（转出）',
  reason: '随父母务工',
  changeDate: '2024-09-02',
  appliedDate: '2024-09-01',
  reviewStatus: '待审核',
  currentUnit: '某县教育局',
  toSchool: '某市实验中学',
  fromSchool: '本校',
  suspension: { from: '2024-03-01' },
  toGrade: '八年级',
  discipline: '无',
  flags: ['transfer-grade-change'],
  source: { ...SOURCE, pageKind: 'status-change' },
  updatedAt: 1_700_000_000_000,
};
const base = { studentId: XJH, author: '王老师', at: 1_700_000_000_000, recordedAt: 1_700_000_000_001 };
/** One event of every kind, each `data` with every field its type has (clear codes and free text). */
const events: StoredEvent[] = [
  {
    ...base,
    id: `absence:${XJH}:2024-09-02:am`,
    kind: 'absence',
    data: { date: '2024-09-02', half: 'am', mark: 'unexcused', reason: '生病' },
  },
  {
    ...base,
    id: `homeVisit:${XJH}:1`,
    kind: 'homeVisit',
    caseId: `${XJH}|转学(转出)|2024-09-01`,
    supersedes: `homeVisit:${XJH}:0`,
    data: { method: 'home', visitorRole: 'teacher', situation: '家长电话 13800138123' },
  },
  {
    ...base,
    id: `persuasionAttempt:${XJH}:1`,
    kind: 'persuasionAttempt',
    data: { step: 'notice', method: 'village', outcome: '同意返校', deadline: '2024-09-20', date: '' },
  },
  {
    ...base,
    id: `documentReceived:${XJH}:1`,
    kind: 'documentReceived',
    data: { doc: 'destination', state: 'received', note: '复印件', destKind: 'province', dest: '某省某校' },
  },
  {
    ...base,
    id: `riskNote:${XJH}:1`,
    kind: 'riskNote',
    data: { type: 'key-student', reason: '厌学', partner: '李老师' },
  },
  {
    ...base,
    id: 'riskNote:class:1',
    studentId: '',
    kind: 'riskNote',
    data: { type: 'class-day-report', className: '七年级1班', date: '2024-09-02' },
  },
  {
    ...base,
    id: 'pageTaught:1',
    studentId: '',
    kind: 'pageTaught',
    data: { host: 'xj.example.edu.cn', path: '/a', pageKind: 'student-list', columns: '[]' },
  },
  { ...base, id: `access:${XJH}:1`, kind: 'access', data: { what: 'studentFile', name: '' } },
];
const change: ChangeEvent = {
  id: `change:${XJH}:1`,
  kind: 'student-changed',
  recordId: XJH,
  summary: '钱小满 班级变更',
  at: 1_700_000_000_000,
  source: SOURCE,
};

/** A device record as the server gets it (lib/sync/couchdb.ts `toCouch`): the primary key as `_id`. */
async function onServer(office: boolean, c: SyncedCollection, doc: Doc): Promise<Doc> {
  const data = newKeyringData();
  const k = await openKeyring(office ? data : withoutOffice(data));
  const { id, ...rest } = await sealRecord(k, c, 'id', { ...doc, _deleted: false });
  return { ...rest, _id: id };
}

describe('a sealed school takes every field the sealer leaves in clear (allow-list and sealer agree)', () => {
  const samples: [SyncedCollection, Doc][] = [
    ['students', student],
    ['cases', kase],
    ...events.map((e) => ['events', e] as [SyncedCollection, Doc]),
    ['changes', change],
  ];
  it.each(samples.map(([c, d]) => [c, String(d.id).slice(0, 24), d] as const))(
    '%s %s, sealed by a registrar’s device, passes whole',
    async (c, _label, doc) => {
      const sealed = await onServer(true, c, doc);
      expect(unsealedFields(c, sealed, undefined)).toEqual([]);
      expect(JSON.stringify(sealed)).not.toContain('钱小满');
    },
  );
  it('events sealed by a teacher’s device (references already hashes) pass whole', async () => {
    const data = newKeyringData();
    const office = await openKeyring(data);
    const teacher = await openKeyring(withoutOffice(data));
    for (const e of events) {
      // On a teacher's device the child is named by the server's hash already.
      const first = await sealRecord(office, 'events', 'id', { ...e, _deleted: false });
      const sealed = await sealRecord(teacher, 'events', 'id', {
        ...e,
        studentId: first.studentId,
        ...(e.caseId ? { caseId: first.caseId } : {}),
        ...(e.supersedes ? { supersedes: first.supersedes } : {}),
        id: `${e.kind}:${first.studentId}:2`,
        _deleted: false,
      });
      const { id, ...rest } = sealed;
      expect(unsealedFields('events', { ...rest, _id: id }, undefined)).toEqual([]);
    }
  });
  it('an event an older version stored (its method in words: 上门, 村委会协助) passes too', async () => {
    for (const [kind, method] of [
      ['homeVisit', '上门'],
      ['persuasionAttempt', '村委会协助'],
    ] as const) {
      const e = events.find((x) => x.kind === kind)!;
      const sealed = await onServer(true, 'events', { ...e, data: { ...e.data, method } });
      expect(unsealedFields('events', sealed, undefined)).toEqual([]);
    }
    const odd = await onServer(true, 'events', { ...events[1]!, data: { method: '钱小满' } });
    expect(unsealedFields('events', odd, undefined)).toEqual(['data']);
  });
  it('a code of another kind in an event’s data is sealed by the device, not sent in clear (a partner on a 家访)', async () => {
    const e = events.find((x) => x.kind === 'homeVisit')!;
    const sealed = await onServer(true, 'events', {
      ...e,
      data: { ...e.data, partner: '李老师', className: '七年级1班', doc: 'application' },
    });
    expect(sealed.data).toEqual({ method: 'home', visitorRole: 'teacher' });
    expect(unsealedFields('events', sealed, undefined)).toEqual([]);
  });
  it('where a record was read, its problem codes, 身份证件类型, 异动类别 and 审核状态 leave the device sealed', async () => {
    const s = await onServer(true, 'students', { ...student, idType: '居民身份证' });
    const k = await onServer(true, 'cases', kase);
    for (const f of ['source', 'flags', 'idType']) expect(s, f).not.toHaveProperty(f);
    for (const f of ['source', 'flags', 'changeType', 'reviewStatus']) expect(k, f).not.toHaveProperty(f);
    expect(await onServer(true, 'changes', change)).not.toHaveProperty('source');
  });
  it('a sealed deletion passes; a plain one only retiring a record the server holds', async () => {
    const k = await openKeyring(newKeyringData());
    const { id, ...rest } = await sealRecord(k, 'students', 'id', { id: XJH, _deleted: true });
    expect(unsealedFields('students', { ...rest, _id: id }, undefined)).toEqual([]);
    const retire = { _id: XJH, _rev: '1-abc', _deleted: true, retired: true };
    expect(unsealedFields('students', retire, { _id: XJH })).toEqual([]);
    expect(unsealedFields('students', retire, undefined)).toContain('_id');
    expect(unsealedFields('students', { ...retire, name: '钱小满' }, { _id: XJH })).toEqual(
      expect.arrayContaining(['_id', 'name']),
    );
  });
  it('every field it allows in clear has a shape check, every clear event code too', () => {
    for (const [c, fields] of Object.entries(CLEAR_FIELDS))
      for (const f of fields) expect(shapeOf(c as SyncedCollection, f), `${c}.${f}`).toBeTypeOf('function');
    for (const f of CLEAR_EVENT_DATA) expect(EVENT_DATA_SHAPE[f], f).toBeTypeOf('function');
  });
});

describe('what a sealed school refuses in clear', () => {
  const H = `h-${'A'.repeat(32)}`;
  const E = 'k1.aXY=.Y3Q=';
  const visit = (over: Doc = {}) => ({
    _id: `h-${'B'.repeat(32)}`,
    kind: 'homeVisit',
    studentId: H,
    author: '王老师',
    at: 1,
    recordedAt: 1,
    enc: E,
    data: { method: 'home' },
    ...over,
  });
  const stu = (over: Doc = {}) => ({
    _id: H,
    className: '七年级1班',
    grade: '七年级',
    updatedAt: 1,
    enc: E,
    ...over,
  });
  it.each([
    ['events', visit({ note: '钱小满 13800138123' }), 'note'],
    ['events', visit({ Data: { situation: '钱小满' } }), 'Data'],
    ['events', visit({ data: { method: 'home', type: '钱小满 13800138123' } }), 'data'],
    ['events', visit({ data: { className: '钱小满' } }), 'data'],
    ['events', visit({ data: { method: 'home', situation: '钱小满' } }), 'data'],
    ['events', visit({ _id: 'homeVisit:钱小满:1' }), '_id'],
    ['events', visit({ _id: 'absence:G110105-20140101-0099:x' }), '_id'],
    ['events', visit({ caseId: 'G1101052014 01010099' }), 'caseId'],
    ['events', visit({ author: '王老师13800138123' }), 'author'],
    ['students', stu({ Name: '钱小满', Phone: '13800138123' }), 'Name'],
    ['students', stu({ 姓名: '钱小满' }), '姓名'],
    ['students', stu({ guardian: { name: '钱小满' } }), 'guardian'],
    ['students', stu({ className: '钱小满' }), 'className'],
    ['students', stu({ name: '钱小满' }), 'name'],
    ['students', stu({ source: { host: 'x', pageKind: 'y', who: '钱小满' } }), 'source'],
    ['cases', { _id: 'case-x1', className: '七年级1班', updatedAt: 1, enc: E }, '_id'],
    ['cases', { _id: H, className: '七年级1班', updatedAt: 1, enc: E, studentName: '钱小满' }, 'studentName'],
    ['cases', { _id: H, updatedAt: 1, enc: E, changeType: '钱小满 13800138123' }, 'changeType'],
    ['cases', { _id: H, updatedAt: 1, enc: E, studentRef: XJH }, 'studentRef'],
    ['changes', { _id: H, at: 1, enc: E, Summary: '钱小满' }, 'Summary'],
    ['changes', { _id: 'chg-x1', at: 1, enc: E }, '_id'],
    // Review 16: a code of one kind on another, a value outside its kind's list, what the server has no use for.
    ['events', visit({ data: { method: 'home', partner: '钱小满的妈妈王芳' } }), 'data'],
    ['events', visit({ data: { method: 'home', className: '七年级1班' } }), 'data'],
    ['events', visit({ data: { method: 'village' } }), 'data'],
    ['events', visit({ kind: 'documentReceived', data: { doc: 'G110101201301011234' } }), 'data'],
    ['events', visit({ kind: 'documentReceived', data: { doc: 'tel13800138000' } }), 'data'],
    ['events', visit({ kind: 'documentReceived', data: { doc: 'custom-13800138' } }), 'data'],
    ['events', visit({ kind: 'riskNote', data: { type: 'key-check', partner: '王老师' } }), 'data'],
    ['events', visit({ kind: 'riskNote', data: { partner: '王老师' } }), 'data'],
    ['events', visit({ kind: 'pageTaught', data: { pageKind: 'student-list' } }), 'data'],
    ['events', visit({ enc: '13800138000.AAAA.BBBB' }), 'enc'],
    ['events', visit({ enc: 'k1.钱小满.Y3Q=' }), 'enc'],
    ['students', stu({ idn: 'k1.aXY=.Y3Q=' }), 'idn'],
    ['students', stu({ flags: ['p13800138000', 'qianxiaoman'] }), 'flags'],
    ['students', stu({ flags: ['id-checksum'] }), 'flags'],
    [
      'students',
      stu({ source: { host: 'xj.example.edu.cn', pageKind: 'student-list', seenAt: 1 } }),
      'source',
    ],
    ['students', stu({ idType: '钱小满' }), 'idType'],
    ['students', stu({ className: '七年级钱小满班' }), 'className'],
    ['cases', { _id: H, updatedAt: 1, enc: E, changeType: '钱小满' }, 'changeType'],
    ['cases', { _id: H, updatedAt: 1, enc: E, reviewStatus: '待审核' }, 'reviewStatus'],
    ['changes', { _id: H, at: 1, enc: E, source: { host: 'x', pageKind: 'y', seenAt: 1 } }, 'source'],
  ] as [SyncedCollection, Doc, string][])('%s: %j refused for %s', (c, doc, field) => {
    expect(unsealedFields(c, doc, undefined)).toContain(field);
  });
  it('class names as hosts write them pass; a name, a phone or an id does not', () => {
    for (const ok of [
      '',
      '七年级',
      '七年级1班',
      '七年级(1)班',
      '七（2）班',
      '初三(2)班',
      '2020级3班',
      '一年级实验班',
      '七年级10班',
      '四年级 2班',
      '701班',
      '0701',
      '1班',
      '(3)班',
      '三班',
      '初中一年级',
      '高二年级',
      '初一年级(2)班',
      '七年级A班',
      '七年级(1)实验班',
      '火箭班',
      '毕业班',
      '十二班',
      // A kind in brackets after 班, full- or half-width, and spaces inside (the tester's 双语 class).
      '一年级1班（双语）',
      '一年级1班(双语)',
      '一年级 1 班',
      '一年级 1 班 （双语）',
      '七年级(1)班(实验)',
      '3班（重点）',
    ])
      expect(classLabel(ok), ok).toBe(true);
    for (const bad of [
      '钱小满',
      '七年级1班钱小满',
      '13800138123',
      'G110105201401010099',
      '七年级'.repeat(5),
      '70123班',
      '钱小满班级',
      '七年级钱小满班',
      '七年级小满班',
      '钱小满班',
      '1班钱小满',
      // Only one word of the kinds' list in the brackets: never a name, never two.
      '一年级1班（钱小满）',
      '一年级1班(小满)',
      '一年级1班（双语）（实验）',
      '一年级1班（双语',
      '七年级 钱 小满 班',
    ])
      expect(classLabel(bad), bad).toBe(false);
  });
});
