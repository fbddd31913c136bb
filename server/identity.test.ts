/**
 * A plain record from before encryption (no `enc`) holds 全国学籍号, 学籍辅号 and 身份证件号 in clear: the gateway
 * never gives them to a teacher (changes feed, one document, `_all_docs`); the office still reads them.
 */
import { beforeAll, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });
const SCHOOL = 'plainid';
const STUDENTS = databaseName(SCHOOL, 'students');
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] },
];
const PLAIN = {
  _id: 'P1',
  className: '七年级1班',
  name: '张小明',
  xjh: 'G110105201401010011',
  xjfh: '110105201401010011',
  idNumber: '110105201401010011',
  updatedAt: 1,
};
const { call, put } = syncTestbed({ school: SCHOOL, staff: STAFF });

beforeAll(async () => {
  await put(ADMIN.name, 'students', PLAIN);
});

const noIdentity = (text: string) => {
  expect(text).toContain('张小明'); // the record itself arrives
  expect(text).not.toContain('110105201401010011');
  expect(text).not.toMatch(/"(xjh|xjfh|idNumber)"/);
};

it('a teacher reads a plain pre-encryption student without 学籍号 or ID number, by every read', async () => {
  const feed = await call('王老师', 'GET', `${STUDENTS}/_changes?include_docs=true&since=0`);
  expect(feed.status).toBe(200);
  noIdentity(feed.text);
  const one = await call('王老师', 'GET', `${STUDENTS}/P1`);
  expect(one.status).toBe(200);
  noIdentity(one.text);
  const keys = await call('王老师', 'POST', `${STUDENTS}/_all_docs?include_docs=true`, { keys: ['P1'] });
  expect(keys.status).toBe(200);
  noIdentity(keys.text);
});

it('the registrar still reads them', async () => {
  const one = await call('李主任', 'GET', `${STUDENTS}/P1`);
  expect(JSON.parse(one.text)).toMatchObject({ xjh: PLAIN.xjh, idNumber: PLAIN.idNumber });
});
