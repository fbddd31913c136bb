/**
 * The UI speaks one language at a time (issue 14, coded text): with the browser in English every word
 * Baoxue writes is English, with the browser in Chinese every word is Chinese. One test per locale walks
 * every dashboard tab (and every ledger of 台账与月报), 设置, and on the demo 学籍系统 the overlay's status
 * strip and a badge's panel, on a school with captured records, absences, tasks and a 风险名单.
 *
 * What is not Baoxue's text is set aside before the check, each kind named here:
 * - data: every value the demo 学籍系统 serves (children's names, grades, classes, addresses, the host's
 *   own labels of a change and its status, schools), taken from the demo school the host pages show;
 * - the header words Baoxue looks for in a host page (lib/capture/fields.ts), which the strip quotes back;
 * - English UI only: the Chinese terms the English messages gloss on purpose ("Student ID (学籍号)"),
 *   allowed only inside the whole authored message that carries them;
 * - Chinese UI only: the Latin words in ALLOWED_LATIN and ID-like tokens (letters with digits).
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from '@playwright/test';
import type { DemoServer } from '../../demo/server';
import { FIELD_LABELS } from '../../lib/capture/fields';
import { launchProfile } from '../support/chromium';
import { expect, lastSchoolDays, login, openTab, test } from './fixtures';

type Lang = 'zh-CN' | 'en-US';
type Messages = Record<string, { message: string }>;
const MESSAGES = {
  'zh-CN': JSON.parse(readFileSync('public/_locales/zh_CN/messages.json', 'utf8')),
  'en-US': JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')),
} as Record<Lang, Messages>;

const HAN = /[\u3400-\u9fff]/;

/**
 * The English messages that gloss a Chinese term, each as a pattern of the whole message (its $1…
 * placeholders match anything on the line): a glossed term is allowed where the authored message shows
 * it, never on its own (a 休学 from an uncoded lib/ string still fails).
 */
const EN_GLOSSES: RegExp[] = Object.values(MESSAGES['en-US'])
  .map((m) => m.message)
  .filter((text) => HAN.test(text))
  .map(
    (text) =>
      new RegExp(
        text
          .split(/\$[A-Za-z0-9_]+\$|\$\d/)
          .map((part) => part.replace(/\$\$/g, '$').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^\\n]*?'),
        'g',
      ),
  )
  // Longest first, so a message is not cut by a shorter one it contains.
  .sort((a, b) => b.source.length - a.source.length);

/** Latin words the Chinese UI may show, each for a reason (lower case). */
const ALLOWED_LATIN = new Set([
  'baoxue', // the product's name
  'xlsx', // file formats a registrar picks
  'csv',
  'json', // the host grid's data format, named in the capture settings
  'gb', // GB 11643, the standard the 身份证 and 学籍号 check digits follow
  'yyyy', // the date format a calendar line takes (YYYY-MM-DD)
  'mm',
  'dd',
  'http', // an address's scheme, in the hosts and sync settings
  'https',
  'server', // the school server's command line (`server setup`), quoted in 设置
  'setup',
]);

/** Every text node, placeholder, title and aria-label under the roots (open shadow roots included), one per line. */
async function visibleWords(frame: Page | Frame, selector: string): Promise<string> {
  return frame.evaluate((sel) => {
    const out: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
      if (n instanceof Element) {
        if (n.tagName === 'STYLE' || n.tagName === 'SCRIPT') return;
        for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
          const v = n.getAttribute(a);
          if (v) out.push(v);
        }
        // What a text box shows (a checkbox's or a radio's value is not shown).
        if (n instanceof HTMLInputElement && /^(text|search|number|email|url|tel|date|month)$/.test(n.type))
          out.push(n.value);
        if (n.shadowRoot) walk(n.shadowRoot);
      }
      for (const c of Array.from(n.childNodes)) walk(c);
    };
    for (const root of Array.from(document.querySelectorAll(sel))) walk(root);
    return out.map((s) => s.replace(/\n/g, ' ')).join('\n');
  }, selector);
}

/** Every value the demo 学籍系统 serves: its school's name and each string field of its students and cases. */
function dataValues(demo: DemoServer): string[] {
  const values = new Set<string>([demo.school.name]);
  for (const row of [...demo.school.students, ...demo.school.cases])
    for (const v of Object.values(row)) if (typeof v === 'string' && v.trim()) values.add(v.trim());
  return [...values];
}

/** The words of `text` in the wrong language, each with a little context, what is not Baoxue's set aside. */
function foreignWords(text: string, lang: Lang, data: string[]): string[] {
  let rest = text;
  // Whole glossing messages first (data inside them is matched by the placeholders), then data, longest
  // first so a class name goes before the grade it contains.
  if (lang === 'en-US') for (const gloss of EN_GLOSSES) rest = rest.replace(gloss, ' ');
  for (const v of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(v).join(' ');
  const found = new Set<string>();
  const context = (at: number, length: number) =>
    rest.slice(Math.max(0, at - 20), at + length + 20).replace(/\s+/g, ' ');
  if (lang === 'en-US')
    for (const m of rest.matchAll(/[\u3400-\u9fff]+/g))
      found.add(`${m[0]}  ⟨${context(m.index, m[0].length)}⟩`);
  else
    for (const m of rest.matchAll(/[A-Za-z0-9_.:/@-]*[A-Za-z]{2,}[A-Za-z0-9_.:/@-]*/g)) {
      const token = m[0];
      // An ID, a version, an address or a file name (G37030420130105001X, v2, 127.0.0.1:8080/jsp): data.
      if (/\d/.test(token) || /[/.:@]/.test(token)) continue;
      if (token.split(/[_-]/).every((w) => w === '' || ALLOWED_LATIN.has(w.toLowerCase()))) continue;
      found.add(`${token}  ⟨${context(m.index, token.length)}⟩`);
    }
  return [...found];
}

for (const lang of ['zh-CN', 'en-US'] as Lang[]) {
  test(`${lang}: every dashboard tab, 设置 and the overlay speak one language`, async ({ demo }) => {
    test.setTimeout(300_000);
    const m = (key: string) => {
      const text = MESSAGES[lang][key]?.message;
      if (!text) throw new Error(`no message ${key}`);
      return text;
    };
    const profile = await launchProfile({ lang });
    try {
      const recorder = demo.school.students[0]!.xm;
      const typed = { reason: '单亲', partner: recorder };
      const data = [...dataValues(demo), typed.reason];
      const hostWords = Object.values(FIELD_LABELS).flat();
      const problems: string[] = [];
      const check = async (where: string, frame: Page | Frame, selector: string, extra: string[] = []) => {
        for (const w of foreignWords(await visibleWords(frame, selector), lang, [...data, ...extra]))
          problems.push(`${where}: ${w}`);
      };

      const page = await profile.context.newPage();
      await login(page, demo);
      // The roll and the 学籍异动 lists: the overdue transfer and the expired 休学 give reasons and tasks.
      for (const menu of ['学籍数据维护', '学籍异动申请', '在办业务查询']) {
        const tab = await openTab(page, menu);
        await expect(tab.locator('[data-baoxue-state="saved"]').first()).toBeVisible({ timeout: 20_000 });
      }

      // 设置 → 本机使用者 (no sync server here), then the whole options page.
      const options = await profile.context.newPage();
      await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
      const user = options.getByTestId('device-user');
      await user.getByLabel(m('user_name')).fill(recorder);
      await user.getByLabel(m('user_role')).selectOption('teacher');
      await user.getByRole('button', { name: m('user_save') }).click();
      await expect(options.getByTestId('device-user-message')).toContainText(recorder);
      // The paperwork rules (document names, 异动类别) are the last section to fill from the stored settings.
      await expect(options.locator('fieldset[data-rule]').first()).toBeVisible();
      await check('设置', options, 'body');

      const dash = await profile.context.newPage();
      await dash.goto(`chrome-extension://${profile.extensionId}/dashboard.html`);
      const tabs = dash.getByRole('tablist').getByRole('tab');
      await expect(tabs.first()).toHaveText(m('dash_tab_at_risk'));

      // Three days away (疑似辍学 and the whole ladder), one day away (a shorter run).
      const away = demo.school.students[7]!;
      const once = demo.school.students[8]!;
      await dash.getByRole('tab', { name: m('dash_tab_attendance') }).click();
      await dash.getByLabel(m('att_class')).selectOption(away.bjmc);
      const days = lastSchoolDays(3);
      for (const [child, on] of [
        [away, days],
        [once, days.slice(2)],
      ] as const) {
        const row = dash.getByTestId('roster').locator(`tr[data-id="${child.grbsm}"]`);
        for (const day of on) {
          await dash.getByLabel(m('att_date')).fill(day);
          await row.getByRole('button', { name: m('att_day') }).click();
          await expect(row).toHaveAttribute('data-pm', 'unexcused');
        }
      }

      // A 重点生 (its reason and partner are what this test types: data).
      await dash.getByRole('tab', { name: m('dash_tab_key'), exact: true }).click();
      await dash.getByLabel(m('key_student')).fill(once.grbsm);
      await dash.getByLabel(m('key_reason')).fill(typed.reason);
      await dash.getByLabel(m('key_partner')).fill(typed.partner);
      await dash.getByRole('button', { name: m('key_designate') }).click();
      await expect(dash.getByTestId('key-students')).toContainText(once.xm);

      // Each tab, once what it lists is there (never a fixed wait).
      const overdue = demo.school.scenarios.overdueTransfer;
      const main = dash.locator('main');
      const ready: Record<string, () => Promise<void>> = {
        dash_tab_at_risk: () => expect(main.locator(`tr[data-xjh="${away.grbsm}"]`)).toBeVisible(),
        dash_tab_tasks: () => expect(dash.getByTestId('tasks')).toContainText(away.xm),
        dash_tab_attendance: () => expect(dash.getByLabel(m('att_class'))).toBeVisible(),
        dash_tab_day_reports: () =>
          expect(
            main.locator('[data-testid="day-reports"], [data-testid="not-reported"]').first(),
          ).toBeVisible(),
        dash_tab_key: () => expect(dash.getByTestId('key-students')).toContainText(once.xm),
        dash_tab_visits: () =>
          expect(
            dash.getByTestId('quotas').or(main.getByText(m('quota_none'), { exact: true })),
          ).toBeVisible(),
        dash_tab_reports: () => expect(dash.getByTestId('monthly').locator('tbody tr').first()).toBeVisible(),
        dash_tab_charts: () => expect(main.locator('[data-chart]').first()).toBeVisible(),
        dash_tab_changes: () =>
          expect(
            dash.getByTestId('changes').or(main.getByText(m('dash_changes_none'), { exact: true })),
          ).toBeVisible(),
        dash_tab_students: () => expect(dash.getByTestId('students')).toContainText(away.xm),
        dash_tab_cases: () => expect(dash.getByTestId('cases')).toContainText(overdue.xm),
      };
      const tabKeys = Object.keys(ready);
      await expect(tabs).toHaveCount(tabKeys.length); // a new tab gets its wait here, or this fails
      for (const key of tabKeys) {
        await dash.getByRole('tab', { name: m(key), exact: true }).click();
        await expect(main).not.toContainText(m('computing'), { timeout: 20_000 });
        await ready[key]!();
        await check(m(key), dash, 'body');
      }

      // 台账与月报: every ledger besides the monthly report (its 学段 rows, its definitions).
      await dash.getByRole('tab', { name: m('dash_tab_reports'), exact: true }).click();
      const which = dash.getByLabel(m('report_which'));
      const choices = await which
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(choices.length).toBeGreaterThan(3);
      for (const choice of choices.filter((c) => c !== 'monthly')) {
        await which.selectOption(choice);
        if (choice === 'children') await expect(dash.getByTestId('children')).toBeVisible();
        else await expect(main.locator(`[data-testid="ledger"][data-kind="${choice}"]`)).toBeVisible();
        await check(`${m('dash_tab_reports')} · ${choice}`, dash, 'body');
      }

      // The monthly report on paper: the prints speak the reader's language too (they are worded with t(),
      // the official forms' titles included), so no print is an exception here.
      const print = await profile.context.newPage();
      await print.goto(`chrome-extension://${profile.extensionId}/report.html?month=${days[2]!.slice(0, 7)}`);
      await expect(print.getByTestId('monthly').locator('tbody tr').first()).toBeVisible();
      await check(`${m('dash_tab_reports')} · print`, print, 'body');

      // The overlay on the host's pages: the status strip, a child's badge (it must be there) and its panel.
      const overlay = async (path: string, where: string, child: { grbsm: string; xm: string }) => {
        await page.goto(`${demo.url}${path}`);
        await expect(page.locator('[data-baoxue-page]').first()).toBeVisible({ timeout: 20_000 });
        await expect(page.locator('[data-baoxue-state="saved"]').first()).toBeVisible({ timeout: 20_000 });
        const badge = page.locator(`baoxue-badge[data-baoxue-xjh="${child.grbsm}"]`).first();
        await expect(badge).toBeVisible({ timeout: 20_000 });
        await badge.click();
        await expect(page.locator('[data-baoxue-panel]').filter({ hasText: child.xm })).toBeVisible();
        await check(`overlay (${where})`, page, '[data-baoxue-root]', hostWords);
      };
      await overlay('/jsp/xsxx/xjsjwh.jsp', '学籍数据维护', away);
      await overlay('/jsp/xjyd/xjydsq.jsp', '学籍异动申请', overdue);

      expect(problems).toEqual([]);
    } finally {
      await profile.close();
    }
  });
}
