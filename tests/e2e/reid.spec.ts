/**
 * 设置 → 同步服务器 → 成员密钥 → 更换编号密钥 (issue 16): in a school from before the office's id key the page
 * tells the registrar, in words, that every teacher's device holds the key that turns a 学籍号 into the server's
 * id and what that lets a teacher do; the button moves the school's records to new ids (lib/sync/reid.ts), says
 * how many, and the page then says the key is the office's alone. On the server no live record is left under a
 * child's old id.
 */
import { basicAuth } from '../../lib/sync/account';
import { grantMember, makeEnvelope, schoolKeyring } from '../../lib/sync/keys';
import { databaseName } from '../../lib/sync/school';
import { hashId, newKeyringData, sealRecord } from '../../lib/sync/sealed';
import { setupSchool } from '../../server/setup';
import { makeStudent } from '../fixtures/records';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from '../support/sync-server';
import { connectSync, expect, test } from './fixtures';

let server: RunningServer;
const registrar = STAFF.find((s) => s.role === 'registrar')!;
const children = ['G110105201401010011', 'G110105201402020022', 'G110105201403030033'];
const oldIds: string[] = [];

test.beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({ url: server.url, school: 'demo', admin: ADMIN, staff: STAFF });
  const a = {
    url: server.url,
    school: 'demo',
    user: registrar.name,
    password: registrar.password,
    roles: ['baoxue-demo', 'registrar'],
  };
  // The registrar's keyring made the old way: one id key for every id, handed to the teachers too.
  const { ids: _ids, ...data } = newKeyringData();
  const { ids: _o, ...office } = data.office!;
  const put = await fetch(`${server.url}_baoxue/keys/demo/${encodeURIComponent(registrar.name)}?create=1`, {
    method: 'PUT',
    headers: { authorization: basicAuth(a), 'content-type': 'application/json' },
    body: JSON.stringify(await makeEnvelope({ ...data, office }, registrar.password, 100_000)),
  });
  expect(put.ok).toBe(true);
  for (const s of STAFF) if (s !== registrar) await grantMember(a, s.name, s.password);
  const k = await schoolKeyring(a);
  const docs = [];
  for (const id of children) {
    const { id: serverId, ...sealed } = await sealRecord(k, 'students', 'id', {
      ...makeStudent({ id, xjh: id, className: '七年级1班' }),
      _deleted: false,
    });
    docs.push({ ...sealed, _id: serverId });
    oldIds.push(await hashId(k, id));
  }
  const r = await fetch(`${server.url}${databaseName('demo', 'students')}/_bulk_docs`, {
    method: 'POST',
    headers: { authorization: basicAuth(a), 'content-type': 'application/json' },
    body: JSON.stringify({ docs }),
  });
  expect(r.status).toBe(201);
});
test.afterAll(async () => {
  await server?.stop();
});

test('a registrar of a school from before is told teachers hold the id key, and replaces it', async ({
  profile,
}) => {
  test.setTimeout(120_000);
  await connectSync(profile, server.url, registrar.name, registrar.password);
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const keys = page.getByTestId('school-keys');
  await expect(keys.getByTestId('school-keys-reid-note')).toContainText('每位教师的设备上都有', {
    timeout: 30_000,
  });
  await expect(keys.getByTestId('school-keys-reid-note')).toContainText('身份证号');
  await keys.getByRole('button', { name: '更换编号密钥' }).click();
  await expect(keys.getByTestId('school-keys-message')).toContainText(
    `编号密钥已更换：${children.length} 条记录改用新编号，删除旧编号下的记录 ${children.length} 条`,
    { timeout: 60_000 },
  );
  await expect(keys.getByTestId('school-keys-reid-note')).toContainText('教师设备没有');
  await expect(keys.getByRole('button', { name: '更换编号密钥' })).toHaveCount(0);
  // From now on the same run is offered for records a teacher's device wrote offline under an old id (the
  // server takes them: server/reidMoved.ts); with none, it moves nothing.
  await keys.getByRole('button', { name: '把旧编号下的记录改到新编号' }).click();
  await expect(keys.getByTestId('school-keys-message')).toContainText('：0 条记录改用新编号', {
    timeout: 60_000,
  });
  // On the server: the children under new ids, none under the old.
  const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
  const rows = (
    (await (
      await fetch(`${server.url}${databaseName('demo', 'students')}/_all_docs`, {
        headers: { authorization: admin },
      })
    ).json()) as { rows: { id: string }[] }
  ).rows.map((r) => r.id);
  expect(rows.filter((id) => id.startsWith('h-'))).toHaveLength(children.length);
  for (const id of oldIds) expect(rows).not.toContain(id);
});
