import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readBackupFile } from '../../lib/backup';
import { launchProfile } from '../support/chromium';
import { dashboardUrl, expect, login, openTab, test } from './fixtures';

const PASSPHRASE = 'backup-passphrase-1';

/** A backup downloaded (sealed with the passphrase) and what it holds, opened here with the same one. */
async function exportFrom(
  dash: Page,
): Promise<{ path: string; text: string; json: Record<string, unknown> }> {
  await dash.getByTestId('backup-passphrase').fill(PASSPHRASE);
  const download = dash.waitForEvent('download');
  await dash.getByRole('button', { name: '数据备份' }).click();
  const file = await download;
  const path = await file.path();
  const text = await readFile(path, 'utf8');
  const opened = await readBackupFile(text, PASSPHRASE);
  if (!opened.ok) throw new Error(`backup did not open: ${opened.error.code}`);
  return { path, text, json: opened.backup as unknown as Record<string, unknown> };
}

const sorted = (docs: { id: string }[]) => [...docs].sort((a, b) => a.id.localeCompare(b.id));

test('a backup from one profile restores into a fresh profile with every record equal', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await login(page, demo);
  for (const menu of ['学籍数据维护', '学籍异动申请']) {
    const tab = await openTab(page, menu);
    await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
  }
  const dashA = await profile.context.newPage();
  await dashA.goto(dashboardUrl(profile));
  const a = await exportFrom(dashA);
  expect(a.json).toMatchObject({ format: 'baoxue-backup', version: 1 });
  const collections = a.json.collections as Record<string, { id: string }[]>;
  expect(collections.students).toHaveLength(20);
  expect(collections.cases).toHaveLength(demo.school.cases.filter((c) => !c.kss).length);
  // The paperwork consequences on that list (an overdue 转出, a 休学 past its end) are tasks, carried too.
  expect(collections.tasks!.map((t) => t.id).sort()).toEqual([
    expect.stringMatching(/^suspension-expired:/),
    expect.stringMatching(/^urge-transfer:/),
  ]);
  await expect(dashA.getByTestId('backup-message')).toContainText('已导出');
  // The file itself holds no child's name, ID number or 学籍号.
  const first = (collections.students as unknown as { name: string; idNumber: string; xjh: string }[])[0]!;
  for (const v of [first.name, first.idNumber, first.xjh]) expect(a.text).not.toContain(v);

  const fresh = await launchProfile();
  try {
    const dashB = await fresh.context.newPage();
    await dashB.goto(dashboardUrl(fresh));
    // Without the passphrase, or with a wrong one, nothing is restored.
    await dashB.getByTestId('restore-file').setInputFiles(a.path);
    await expect(dashB.getByTestId('backup-message')).toHaveText(
      '该备份已加密，请先输入备份密码。未做任何更改。',
    );
    await dashB.getByTestId('backup-passphrase').fill('not-the-passphrase');
    await dashB.getByTestId('restore-file').setInputFiles(a.path);
    await expect(dashB.getByTestId('backup-message')).toHaveText('备份密码不对，未做任何更改。');
    // (The restore below then adds every record: these two wrote none.)
    await dashB.getByTestId('backup-passphrase').fill(PASSPHRASE);
    await dashB.getByTestId('restore-file').setInputFiles(a.path);
    await expect(dashB.getByTestId('backup-message')).toContainText(
      `恢复完成：新增 ${Object.values(collections).reduce((n, docs) => n + docs.length, 0)} 条`,
    );
    const b = await exportFrom(dashB);
    const bc = b.json.collections as Record<string, { id: string }[]>;
    for (const name of Object.keys(collections))
      expect(sorted(bc[name]!)).toEqual(sorted(collections[name]!));

    // Restoring the same file again merges without duplicates.
    await dashB.getByTestId('restore-file').setInputFiles(a.path);
    await expect(dashB.getByTestId('backup-message')).toContainText('新增 0 条');
    await dashB.getByRole('tab', { name: '学生' }).click();
    await expect(dashB.getByTestId('student-count')).toContainText('共 20 条');

    // A file that is not a backup, and one from a newer version, change nothing and say why.
    const dir = await mkdtemp(join(tmpdir(), 'baoxue-files-'));
    const notBackup = join(dir, 'not-backup.json');
    await writeFile(notBackup, JSON.stringify({ hello: 'world' }));
    await dashB.getByTestId('restore-file').setInputFiles(notBackup);
    await expect(dashB.getByTestId('backup-message')).toHaveText(
      '该文件不是保学助手的备份文件，未做任何更改。',
    );
    const newer = join(dir, 'newer.json');
    await writeFile(newer, JSON.stringify({ ...a.json, version: 99, collections: { students: [] } }));
    await dashB.getByTestId('restore-file').setInputFiles(newer);
    await expect(dashB.getByTestId('backup-message')).toContainText('更新的版本（99）');
    const broken = join(dir, 'broken.json');
    const bad = structuredClone(a.json) as { collections: { students: Record<string, unknown>[] } };
    bad.collections.students[3]!.onRoll = 'maybe';
    bad.collections.students[0]!.name = '不应写入';
    await writeFile(broken, JSON.stringify(bad));
    await dashB.getByTestId('restore-file').setInputFiles(broken);
    // Said in a registrar's words, never as a schema path (issue 15, finding 4).
    await expect(dashB.getByTestId('backup-message')).toHaveText(
      '备份文件中有一条记录已损坏或不完整，未做任何更改。请在原来的电脑上重新备份后再恢复。',
    );
    await expect(dashB.getByText('不应写入')).toHaveCount(0);
  } finally {
    await fresh.close();
  }
});
