/**
 * Access events (who opened or exported what, lib/audit/access.ts) through the real gateway (server/scope.ts):
 * a teacher reads only their own, even about a child of their class; registrars and leaders read them all.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });
const SCHOOL = 'acc';
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

beforeAll(async () => {
  await seedStudents([['S1', C1]], { plain: true });
  // 孙老师 is S1's 帮扶 partner (named by the registrar).
  const p = await call('李老师', 'PUT', `${EVENTS}/partner`, {
    kind: 'riskNote',
    studentId: 'S1',
    author: '李老师',
    at: Date.now(),
    recordedAt: Date.now(),
    data: { type: 'key-student', partner: '孙老师' },
  });
  expect(p.status).toBe(201);
});

describe('access events', () => {
  const access = (who: string, id: string, student: string) =>
    call(who, 'PUT', `${EVENTS}/${id}`, {
      kind: 'access',
      studentId: student,
      author: who,
      at: Date.now(),
      recordedAt: Date.now(),
      data: {},
      enc: 'sealed',
    });
  const accessIds = async (who: string) =>
    (
      (await call(who, 'GET', `${EVENTS}/_changes?include_docs=true`)).json.results as {
        id: string;
        doc?: { kind?: string };
      }[]
    )
      .filter((r) => r.doc?.kind === 'access')
      .map((r) => r.id)
      .sort();

  it("gives a teacher only their own, never a colleague's about a child of their class", async () => {
    expect((await access('王老师', 'acc-wang', 'S1')).status).toBe(201);
    expect((await access('赵老师', 'acc-zhao', 'S1')).status).toBe(201);
    expect(await accessIds('王老师')).toEqual(['acc-wang']);
    expect(await accessIds('赵老师')).toEqual(['acc-zhao']);
    expect((await call('赵老师', 'GET', `${EVENTS}/acc-wang`)).status).toBe(404);
    expect((await call('王老师', 'GET', `${EVENTS}/acc-wang`)).status).toBe(200);
    // A 帮扶 partner of that child neither (who reads the child itself).
    expect((await call('孙老师', 'GET', `${STUDENTS}/S1`)).status).toBe(200);
    expect(await accessIds('孙老师')).toEqual([]);
    // The office reads them all.
    expect(await accessIds('李老师')).toEqual(['acc-wang', 'acc-zhao']);
    expect(await accessIds('张校长')).toEqual(['acc-wang', 'acc-zhao']);
  });
});
