/**
 * Scope per role end to end (issue 16, item 1), with three profiles on one school server: the registrar
 * (the whole school), 王老师 (一年级1班) and 赵老师 (一年级2班). A teacher never receives another class's
 * record, also when asking the gateway by hand with their own session; moved to another class, 王老师's
 * device drops the first class (the 学生 list and IndexedDB both, its day report too) but for the child the
 * registrar named them 帮扶 partner of (their own naming of themselves gives nothing beyond their classes), and the registrar still finds a child by 学籍号 or ID number. A teacher's 帮扶 partner
 * choice offers themselves alone (the registrar's: the staff), and a child's file on their device says
 * 仅学籍管理员可见 where it holds no 学籍号. A record written offline before a class change waits in 未上传的记录
 * with the child, the class and 你已不教该班, and goes only at the teacher's word (放弃本机记录), unsent.
 */
import type { Page } from '@playwright/test';
import { basicAuth } from '../../lib/sync/account';
import { databaseName } from '../../lib/sync/school';
import { launchProfile, type Profile } from '../support/chromium';
import { ADMIN, type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import { connectSync, dashboardUrl, expect, login, test } from './fixtures';

// Classes of the roster's first page of 100 (the demo school: two classes of 20 a grade, 一年级 first).
const C1 = '一年级1班';
const C2 = '一年级2班';
const C3 = '二年级1班';
const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });

let server: RunningServer;
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
  await setClasses('王老师', [C1]);
  await setClasses('赵老师', [C2]);
});
test.afterAll(async () => {
  await server?.stop();
});

async function setClasses(name: string, classes: string[]) {
  const r = await fetch(`${server.url}_baoxue/accounts/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ roles: ['baoxue-demo', 'teacher'], classes }),
  });
  expect(r.status).toBe(200);
}

async function connect(profile: Profile, user: string) {
  await connectSync(profile, server.url, user, STAFF.find((s) => s.name === user)!.password);
}

async function dashboard(profile: Profile) {
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await dash.getByRole('tab', { name: '学生' }).click();
  return dash;
}

/** The classes the 学生 list shows, one per row. */
const classesListed = async (dash: Page) => {
  // By its header, not its position: a teacher's device has no 学籍号 column, the registrar's has.
  const table = dash.getByTestId('students');
  const headers = await table.locator('thead th').allTextContents();
  const col = headers.findIndex((h) => h.trim().startsWith('班级')) + 1;
  if (col === 0) return []; // not drawn yet: a poll asks again
  return table.locator(`tbody tr td:nth-child(${col})`).allTextContents();
};

/** Which of `values` appear anywhere in this extension's IndexedDB (every database, every store). */
function inIndexedDb(dash: Page, values: string[]) {
  return dash.evaluate(async (wanted) => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, no) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
    const found = new Set<string>();
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await req(indexedDB.open(info.name));
      for (const store of [...db.objectStoreNames]) {
        const text = JSON.stringify(await req(db.transaction(store).objectStore(store).getAll()));
        for (const v of wanted) if (text.includes(v)) found.add(v);
      }
      db.close();
    }
    return [...found];
  }, values);
}

/** A teacher's session cookie, as their browser holds it after signing in. */
async function sessionCookie(name: string) {
  const s = STAFF.find((x) => x.name === name)!;
  const r = await fetch(`${server.url}_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: s.name, password: s.password }),
  });
  expect(r.status).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

test('a teacher receives only their class, also by hand; moved to another class, their device drops the first; the registrar still finds a child', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(300_000);
  const wang = await launchProfile();
  const zhao = await launchProfile();
  try {
    // The registrar reads five classes of the roster (one page of 100) and sends them to the server.
    const page = await registrar.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
    await expect(page.locator('[data-baoxue-state="saved"]')).toBeVisible({ timeout: 30_000 });
    await connect(registrar, '李主任');
    const regDash = await dashboard(registrar);
    // The sync line names the account's role in the school's words, never its code.
    await expect(regDash.getByTestId('sync-user')).toHaveText('当前用户：李主任（学籍管理员）');
    await expect.poll(async () => new Set(await classesListed(regDash)).size, { timeout: 30_000 }).toBe(5);
    const kids = (c: string) => demo.school.students.filter((s) => s.bjmc === c);

    // 王老师's device: 一年级1班 and nothing else.
    await connect(wang, '王老师');
    const wDash = await dashboard(wang);
    const count = async (auth: string) =>
      (
        (await (
          await fetch(`${server.url}${databaseName('demo', 'students')}/_changes`, {
            headers: { authorization: auth },
          })
        ).json()) as { results: unknown[] }
      ).results.length;
    try {
      await expect
        .poll(async () => (await classesListed(wDash)).length, { timeout: 30_000 })
        .toBe(kids(C1).length);
    } catch (e) {
      // What the sync line says and what the server holds and answers the teacher, in the failure message.
      const diag = {
        sync: await wDash.getByTestId('sync-text').textContent(),
        onServer: await count(admin),
        forTeacher: await count(basicAuth({ user: '王老师', password: 'teacher-pw' })),
        registrarSync: await regDash.getByTestId('sync-text').textContent(),
      };
      throw new Error(`${(e as Error).message}\n${JSON.stringify(diag)}`);
    }
    expect(new Set(await classesListed(wDash))).toEqual(new Set([C1]));
    // Connected: the 重点生 form offers the 帮扶 partner by account name (which the server matches), not free
    // text. A teacher names only themselves (the server refuses any other partner from them): the choice
    // offers them alone, already chosen; the registrar chooses from the school's staff.
    await wDash.getByRole('tab', { name: '重点生' }).click();
    const partnerPick = wDash.getByRole('combobox', { name: '帮扶教师' });
    await expect(partnerPick).toHaveValue('王老师');
    expect((await partnerPick.locator('option').allTextContents()).slice(1)).toEqual(['王老师']);
    await regDash.getByRole('tab', { name: '重点生' }).click();
    const regPick = regDash.getByRole('combobox', { name: '帮扶教师' });
    await expect(regPick.locator('option')).toHaveCount(STAFF.length + 1);
    expect((await regPick.locator('option').allTextContents()).slice(1).sort()).toEqual(
      STAFF.map((s) => s.name).sort(),
    );
    await regDash.getByRole('tab', { name: '学生' }).click();
    // Named 重点生 by 王老师, the child's file says who may see the 学籍号 (this device holds none), no blank.
    const keyChild = kids(C1)[0]!;
    await wDash.getByLabel('学生（姓名或学籍号）').fill(keyChild.xm);
    await wDash.getByLabel('原因（思想、学习或其他）').fill('学习困难');
    await wDash.getByRole('button', { name: '设为重点生' }).click();
    const keyRow = wDash.getByTestId('key-students').locator('tr', { hasText: keyChild.xm });
    await expect(keyRow).toBeVisible({ timeout: 30_000 });
    await keyRow.getByRole('button', { name: '档案' }).click();
    await expect(wDash.getByTestId('student-file')).toContainText('学籍号：仅学籍管理员可见');
    // 王老师 reports 一年级1班's day (考勤已报): a record about the class, which leaves the device with it.
    const onServer = async () =>
      (
        (await (
          await fetch(`${server.url}${databaseName('demo', 'events')}/_all_docs`, {
            headers: { authorization: admin },
          })
        ).json()) as { rows: unknown[] }
      ).rows.length;
    const eventsBefore = await onServer();
    await wDash.getByRole('tab', { name: '考勤', exact: true }).click();
    await wDash.getByLabel('班级').selectOption(C1);
    const dayReport = wDash.getByTestId('day-report');
    await dayReport.getByRole('button', { name: /考勤已报/ }).click();
    await expect(dayReport).toHaveAttribute('data-reported', 'yes');
    await expect.poll(onServer, { timeout: 30_000 }).toBeGreaterThan(eventsBefore);
    await expect(wDash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
    expect(await inIndexedDb(wDash, ['dayreport:'])).toEqual(['dayreport:']);
    await wDash.getByRole('tab', { name: '学生' }).click();
    // 赵老师's device: 一年级2班 and nothing else.
    await connect(zhao, '赵老师');
    const zDash = await dashboard(zhao);
    await expect
      .poll(async () => (await classesListed(zDash)).length, { timeout: 30_000 })
      .toBe(kids(C2).length);
    expect(new Set(await classesListed(zDash))).toEqual(new Set([C2]));

    // By hand, with 王老师's session cookie and password: nothing of 一年级2班 comes back.
    const students = databaseName('demo', 'students');
    const all = (await (
      await fetch(`${server.url}${students}/_all_docs?include_docs=true`, {
        headers: { authorization: admin },
      })
    ).json()) as { rows: { id: string; doc: { className?: string } }[] };
    const otherIds = all.rows.filter((r) => r.doc.className === C2).map((r) => r.id);
    expect(otherIds.length).toBe(kids(C2).length);
    const asWang: Record<string, string>[] = [
      { cookie: await sessionCookie('王老师') },
      { authorization: basicAuth({ user: '王老师', password: 'teacher-pw' }) },
    ];
    for (const auth of asWang) {
      const headers = { ...auth, 'content-type': 'application/json' };
      const feed = (await (
        await fetch(`${server.url}${students}/_changes?include_docs=true&style=all_docs`, { headers })
      ).json()) as { results: { id: string; doc: { className: string } }[] };
      expect(feed.results.length).toBe(kids(C1).length);
      expect(feed.results.every((r) => r.doc.className === C1)).toBe(true);
      const byKeys = (await (
        await fetch(`${server.url}${students}/_all_docs?include_docs=true`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ keys: otherIds }),
        })
      ).json()) as { rows: { error?: string }[] };
      expect(byKeys.rows.every((r) => r.error === 'not_found')).toBe(true);
      expect((await fetch(`${server.url}${students}/${otherIds[0]}`, { headers })).status).toBe(404);
      const bulkGet = await fetch(`${server.url}${students}/_bulk_get`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ docs: [{ id: otherIds[0] }] }),
      });
      expect(bulkGet.status).toBe(403);
      const info = (await (await fetch(`${server.url}${students}`, { headers })).json()) as Record<
        string,
        unknown
      >;
      expect(info.doc_count).toBeUndefined();
    }

    // 王老师's naming of herself gives nothing beyond her classes (server/scope.ts): the registrar names her the
    // child's 帮扶 partner, which reaches the child wherever she teaches.
    await regDash.getByRole('tab', { name: '重点生' }).click();
    await regDash.getByLabel('学生（姓名或学籍号）').fill(keyChild.xm);
    await regDash.getByLabel('原因（思想、学习或其他）').fill('学习困难');
    await regDash.getByRole('combobox', { name: '帮扶教师' }).selectOption('王老师');
    await regDash.getByRole('button', { name: '设为重点生' }).click();
    const pairedByOffice = async () =>
      (
        (await (
          await fetch(`${server.url}${databaseName('demo', 'events')}/_all_docs?include_docs=true`, {
            headers: { authorization: admin },
          })
        ).json()) as { rows: { doc?: { author?: string; data?: { type?: string; partner?: string } } }[] }
      ).rows.some(
        (r) =>
          r.doc?.author === '李主任' && r.doc.data?.type === 'key-student' && r.doc.data.partner === '王老师',
      );
    await expect.poll(pairedByOffice, { timeout: 60_000 }).toBe(true);
    await regDash.getByRole('tab', { name: '学生' }).click();

    // The admin moves 王老师 to 二年级1班: at the next sync the device holds 二年级1班 only, and the one
    // 一年级1班 child the registrar named her 帮扶 partner of (the server still gives her that child).
    await setClasses('王老师', [C3]);
    await wDash.reload();
    await expect(wDash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
    await wDash.getByRole('tab', { name: '学生' }).click();
    // The purge of 一年级1班 and the pull of 二年级1班 run side by side: wait for both to have landed.
    const listed = async () => {
      const classes = await classesListed(wDash);
      return {
        c1: classes.filter((c) => c === C1).length,
        c3: classes.filter((c) => c === C3).length,
        all: classes.length,
      };
    };
    await expect
      .poll(listed, { timeout: 60_000 })
      .toEqual({ c1: 1, c3: kids(C3).length, all: kids(C3).length + 1 });
    // Nothing else of 一年级1班 is left in the browser's storage; 二年级1班's children are (the scan sees names).
    const only = (mine: string[], others: string[]) => mine.filter((n) => !others.includes(n));
    const gone = only(
      kids(C1)
        .filter((s) => s.xm !== keyChild.xm)
        .map((s) => s.xm),
      kids(C3).map((s) => s.xm),
    );
    const held = only(
      kids(C3).map((s) => s.xm),
      kids(C1).map((s) => s.xm),
    );
    await expect.poll(() => inIndexedDb(wDash, gone), { timeout: 30_000 }).toEqual([]);
    // Nor 一年级1班's day report: the server gives it only to that class's teachers.
    expect(await inIndexedDb(wDash, ['dayreport:'])).toEqual([]);
    expect((await inIndexedDb(wDash, held)).length).toBeGreaterThan(0);

    // The server kept everything: the registrar still finds a 一年级1班 child by 学籍号 and by ID number.
    const child = kids(C1)[0]!;
    await regDash.reload();
    await expect(regDash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
    await regDash.getByRole('tab', { name: '学生' }).click();
    for (const q of [child.grbsm, child.sfzjh]) {
      await regDash.getByRole('searchbox').fill(q);
      await expect(regDash.getByTestId('students').locator('tbody tr')).toHaveCount(1);
      await expect(regDash.getByTestId('students').locator('tbody tr')).toContainText(child.xm);
    }
  } finally {
    await wang.close();
    await zhao.close();
  }
});

test('a record written before a class change waits, says why (你已不教该班), and is discarded only at the teacher’s word', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(300_000);
  const wang = await launchProfile();
  try {
    const page = await registrar.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
    await expect(page.locator('[data-baoxue-state="saved"]')).toBeVisible({ timeout: 30_000 });
    await connect(registrar, '李主任');
    const regDash = await dashboard(registrar);
    await expect.poll(async () => new Set(await classesListed(regDash)).size, { timeout: 30_000 }).toBe(5);
    await setClasses('王老师', [C1]);
    await connect(wang, '王老师');
    const wDash = await dashboard(wang);
    const kids = demo.school.students.filter((s) => s.bjmc === C1);
    await expect.poll(async () => (await classesListed(wDash)).length, { timeout: 30_000 }).toBe(kids.length);
    const events = async () =>
      (
        (await (
          await fetch(`${server.url}${databaseName('demo', 'events')}/_all_docs`, {
            headers: { authorization: admin },
          })
        ).json()) as { rows: unknown[] }
      ).rows.length;

    // Offline (nothing reaches the server), 王老师 records a day away for a child of 一年级1班 …
    await wang.context.route(/_bulk_docs/, (r) => r.abort());
    const child = kids[kids.length - 1]!;
    await wDash.getByRole('tab', { name: '考勤', exact: true }).click();
    await wDash.getByLabel('班级').selectOption(C1);
    const roster = wDash.getByTestId('roster').locator('tr', { hasText: child.xm });
    await roster.getByRole('button', { name: '全天缺课' }).click();
    await expect(roster).toHaveAttribute('data-pm', 'unexcused');
    // … then the admin moves them to 二年级1班, and the device is online again.
    await setClasses('王老师', [C3]);
    await wang.context.unroute(/_bulk_docs/);
    const before = await events();
    await wDash.reload();
    await expect(wDash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });

    // The record is kept and listed, with the child, the class and why; nothing of it reached the server.
    const held = wDash.getByTestId('sync-held');
    await expect(held).toBeVisible({ timeout: 60_000 });
    await held.locator('summary').click();
    const row = held.locator('li[data-why="left-class"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`${child.xm}（${C1}）`);
    await expect(row).toContainText('你已不教该班，记录未能上传');
    // Held for whose class it is (scope), not for what it says: the school's roles are explained.
    await expect(held.getByTestId('sync-held-role')).toBeVisible();
    expect(await events()).toBe(before);

    // 放弃本机记录 asks first, saying it cannot be recovered; 保留 keeps it.
    await row.getByRole('button', { name: '放弃本机记录' }).click();
    const confirm = row.getByTestId('held-discard-confirm');
    await expect(confirm).toContainText('无法找回');
    await confirm.getByRole('button', { name: '保留' }).click();
    await expect(row).toHaveCount(1);
    await row.getByRole('button', { name: '放弃本机记录' }).click();
    await row.getByRole('button', { name: '确定放弃' }).click();
    await expect(held).toBeHidden({ timeout: 30_000 });
    // Gone from the device, and no deletion was sent: the server holds what it held.
    await expect.poll(() => inIndexedDb(wDash, [child.xm]), { timeout: 30_000 }).toEqual([]);
    expect(await events()).toBe(before);
  } finally {
    await wang.close();
  }
});

test('重点生: a teacher is not offered 解除 for a pairing the registrar made (she is told whom to ask); her own she ends; the registrar ends any', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(300_000);
  const wang = await launchProfile();
  try {
    const page = await registrar.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
    await expect(page.locator('[data-baoxue-state="saved"]')).toBeVisible({ timeout: 30_000 });
    await setClasses('王老师', [C1]);
    await connect(registrar, '李主任');
    const regDash = await dashboard(registrar);
    await expect.poll(async () => new Set(await classesListed(regDash)).size, { timeout: 30_000 }).toBe(5);
    const kids = demo.school.students.filter((s) => s.bjmc === C1);
    const byOffice = kids[2]!;
    const byHer = kids[3]!;

    // The registrar pairs a child of 王老师's class with 赵老师 (帮扶对子).
    await regDash.getByRole('tab', { name: '重点生' }).click();
    await regDash.getByLabel('学生（姓名或学籍号）').fill(byOffice.xm);
    await regDash.getByLabel('原因（思想、学习或其他）').fill('学习困难');
    await regDash.getByRole('combobox', { name: '帮扶教师' }).selectOption('赵老师');
    await regDash.getByRole('button', { name: '设为重点生' }).click();
    const regRow = regDash.getByTestId('key-students').locator('tr', { hasText: byOffice.xm });
    await expect(regRow).toBeVisible({ timeout: 30_000 });
    await expect(regRow.getByRole('button', { name: '解除' })).toBeEnabled();

    // 王老师 sees the child on her list, but 解除 is not hers: the button is off and says whom to ask.
    await connect(wang, '王老师');
    const wDash = await dashboard(wang);
    await wDash.getByRole('tab', { name: '重点生' }).click();
    const officeRow = wDash.getByTestId('key-students').locator('tr', { hasText: byOffice.xm });
    await expect(officeRow).toBeVisible({ timeout: 60_000 });
    await expect(officeRow.getByRole('button', { name: '解除' })).toBeDisabled();
    await expect(officeRow.getByTestId('key-end-why')).toHaveText(
      '帮扶老师（赵老师）由学籍管理员或学校领导安排，请联系学籍管理员解除',
    );
    // A child she names herself she may end, and does.
    await wDash.getByLabel('学生（姓名或学籍号）').fill(byHer.xm);
    await wDash.getByLabel('原因（思想、学习或其他）').fill('思想波动');
    await wDash.getByRole('button', { name: '设为重点生' }).click();
    const herRow = wDash.getByTestId('key-students').locator('tr', { hasText: byHer.xm });
    await expect(herRow).toBeVisible({ timeout: 30_000 });
    await expect(herRow.getByTestId('key-end-why')).toHaveCount(0);
    await herRow.getByRole('button', { name: '解除' }).click();
    await expect(herRow).toHaveCount(0, { timeout: 30_000 });

    // The registrar ends the pairing they made.
    await regRow.getByRole('button', { name: '解除' }).click();
    await expect(regRow).toHaveCount(0, { timeout: 30_000 });
  } finally {
    await wang.close();
  }
});
