/**
 * 重点生 designations and access events through the real gateway (server/scope.ts, lib/sync/designation.ts):
 * - a designation dated more than 10 minutes ahead of the server is refused, and the latest designation is the
 *   one the server took last, whatever `at` the device wrote;
 * - only a registrar or a leader names another teacher as 帮扶 partner (a 科任 or 班主任 names themselves only);
 * - the partner is a staff account of the school, or the designation is refused (server/designationStaff.ts).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });
const SCHOOL = 'dsg';
const STUDENTS = databaseName(SCHOOL, 'students');
const EVENTS = databaseName(SCHOOL, 'events');
const C1 = '七年级1班';
const STAFF = [
  { name: '李老师', password: 'registrar-pw', role: 'registrar' as const },
  { name: '张校长', password: 'leader-pw1', role: 'leader' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C1] },
  { name: '孙老师', password: 'teacher-pw5', role: 'teacher' as const, classes: ['九年级3班'] },
];
const { call, seedStudents } = syncTestbed({ school: SCHOOL, staff: STAFF });
const designate = (who: string, id: string, student: string, partner: string | undefined, at: number) =>
  call(who, 'PUT', `${EVENTS}/${id}`, {
    kind: 'riskNote',
    studentId: student,
    author: who,
    at,
    recordedAt: Date.now(),
    data: partner === undefined ? { type: 'key-student-end' } : { type: 'key-student', partner },
  });
const reads = async (who: string, student: string) =>
  (await call(who, 'GET', `${STUDENTS}/${student}`)).status;

beforeAll(async () => {
  await seedStudents(
    ['S1', 'S2', 'S3', 'S4', 'S5'].map((id) => [id, C1] as const),
    { plain: true },
  );
});

describe('重点生 designations', () => {
  it('refuses one dated more than 10 minutes ahead of the server, from anyone', async () => {
    const ahead = Date.now() + 11 * 60 * 1000;
    const t = await designate('王老师', 'far-t', 'S1', '王老师', 9e15);
    expect(t.status).toBe(403);
    expect(String(t.json.reason)).toContain('时间');
    expect((await designate('李老师', 'far-r', 'S1', '孙老师', ahead)).status).toBe(403);
    expect((await designate('李老师', 'far-end', 'S1', undefined, ahead)).status).toBe(403);
    expect(await reads('孙老师', 'S1')).toBe(404);
    // A few minutes ahead (a device's clock drifting) is still taken.
    expect((await designate('王老师', 'near-t', 'S1', '王老师', Date.now() + 5 * 60 * 1000)).status).toBe(
      201,
    );
  });

  it('lets the designation the server took last decide, not the time the device wrote', async () => {
    const r = await designate('李老师', 'late-at', 'S2', '孙老师', Date.now() + 9 * 60 * 1000);
    expect(r.status).toBe(201);
    expect(await reads('孙老师', 'S2')).toBe(200);
    // Ended afterwards, with an earlier `at`: the end stands.
    expect((await designate('李老师', 'end-now', 'S2', undefined, Date.now() - 60_000)).status).toBe(201);
    expect(await reads('孙老师', 'S2')).toBe(404);
    const scope = await call('孙老师', 'GET', `_baoxue/scope/${SCHOOL}`);
    expect(scope.json.children).toEqual([]);
  });

  it('takes a partner other than the writer only from a registrar or a leader', async () => {
    // 赵老师 teaches 七年级1班 (科任) and 王老师 too: neither names 孙老师 for a child of that class.
    const byColleague = await designate('赵老师', 'give-zhao', 'S3', ' 孙老师 ', Date.now());
    expect(byColleague.status).toBe(403);
    expect(String(byColleague.json.reason)).toContain('帮扶');
    expect((await designate('王老师', 'give-wang', 'S3', '孙老师', Date.now())).status).toBe(403);
    expect(await reads('孙老师', 'S3')).toBe(404);
    // Naming themselves, or nobody, is theirs to do.
    expect((await designate('赵老师', 'self-zhao', 'S3', ' 赵老师 ', Date.now())).status).toBe(201);
    expect((await designate('赵老师', 'end-zhao', 'S3', undefined, Date.now())).status).toBe(201);
    // A leader and a registrar name anyone.
    expect((await designate('张校长', 'give-leader', 'S3', '孙老师', Date.now())).status).toBe(201);
    expect(await reads('孙老师', 'S3')).toBe(200);
    expect((await designate('李老师', 'give-reg', 'S4', '孙老师', Date.now())).status).toBe(201);
    expect(await reads('孙老师', 'S4')).toBe(200);
  });

  it('a teacher does not replace or end a partner someone else is (a registrar or leader changes any)', async () => {
    // The registrar paired 孙老师 with S5: 王老师 (班主任 of the class) may not put themselves in, nor end it.
    expect((await designate('李老师', 'pair-s5', 'S5', '孙老师', Date.now())).status).toBe(201);
    const replace = await designate('王老师', 'take-s5', 'S5', '王老师', Date.now());
    expect(replace.status).toBe(403);
    expect(String(replace.json.reason)).toContain('孙老师');
    expect(String(replace.json.reason)).toContain('只有学籍管理员或学校领导可以更改');
    expect((await designate('王老师', 'drop-s5', 'S5', undefined, Date.now())).status).toBe(403);
    expect((await designate('王老师', 'none-s5', 'S5', '', Date.now())).status).toBe(403);
    expect(await reads('孙老师', 'S5')).toBe(200);
    // The leader and the registrar change it.
    expect((await designate('张校长', 'lead-s5', 'S5', '赵老师', Date.now())).status).toBe(201);
    expect(await reads('孙老师', 'S5')).toBe(404);
    expect((await designate('李老师', 'back-s5', 'S5', '王老师', Date.now())).status).toBe(201);
    // Now 王老师 is the partner: theirs to end, not 赵老师's to take.
    expect((await designate('赵老师', 'take-s5-2', 'S5', '赵老师', Date.now())).status).toBe(403);
    expect((await designate('王老师', 'end-s5', 'S5', undefined, Date.now())).status).toBe(201);
    // With no partner set, a teacher names themselves.
    expect((await designate('赵老师', 'self-s5', 'S5', '赵老师', Date.now())).status).toBe(201);
  });

  it('refuses a partner who is no staff account of the school, from anyone (a parent’s name stays off the server)', async () => {
    for (const [who, id] of [
      ['李老师', 'parent-reg'],
      ['张校长', 'parent-lead'],
    ] as const) {
      const r = await designate(who, id, 'S4', '钱小满的妈妈王芳', Date.now());
      expect(r.status).toBe(403);
      expect(String(r.json.reason)).toContain('本校教职工');
      // The refusal does not repeat the text it refused.
      expect(String(r.json.reason)).not.toContain('王芳');
    }
    expect((await call('李老师', 'GET', `${EVENTS}/parent-reg`)).status).toBe(404);
    // An account name that is no account here either.
    expect((await designate('李老师', 'ghost', 'S4', '钱老师', Date.now())).status).toBe(403);
    // The pairing before stands; a staff name (spaces at the ends as the server ignores them) is taken.
    expect(await reads('孙老师', 'S4')).toBe(200);
    expect((await designate('李老师', 'staff-ok', 'S4', ' 赵老师 ', Date.now())).status).toBe(201);
    expect(await reads('孙老师', 'S4')).toBe(404);
  });
});
