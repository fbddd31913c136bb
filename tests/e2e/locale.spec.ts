/**
 * The UI speaks one language at a time (issue 14, coded text): with the browser in English every word
 * Baoxue writes is English, with the browser in Chinese every word is Chinese. Data values read from the
 * 学籍系统 (children's names, classes, grades, schools, the host's labels of a change) are data, not text
 * Baoxue generates: they are collected from the demo school's records and set aside before the check.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from '@playwright/test';
import type { DemoServer } from '../../demo/server';
import { FIELD_LABELS } from '../../lib/capture/fields';
import { CENTRAL_APPROVAL } from '../../lib/paperwork/context';
import { DEFAULT_RULES } from '../../lib/paperwork/rules';
import { launchProfile } from '../support/chromium';
import { expect, lastSchoolDays, login, openTab, test } from './fixtures';

type Lang = 'zh-CN' | 'en-US';
const MESSAGES = {
  'zh-CN': JSON.parse(readFileSync('public/_locales/zh_CN/messages.json', 'utf8')),
  'en-US': JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')),
} as Record<Lang, Record<string, { message: string }>>;

/**
 * Chinese the English UI may still show, besides data: terms the English messages gloss on purpose
 * ("Student ID (学籍号)", the file columns an import needs, the titles of the documents a rule cites) —
 * authored text, not text built in lib/ — and, not yet coded (issue 14, reported): the paperwork rules'
 * document names, the 性别 labels 男/女 capture derives from the host's codes, the monthly report's stages
 * and the 学制 setting's values.
 */
const EN_AUTHORED = new Set(
  Object.values(MESSAGES['en-US']).flatMap((m) => m.message.match(/[\u3400-\u9fff]+/g) ?? []),
);
const NOT_YET_CODED = new Set([
  ...[...DEFAULT_RULES.flatMap((r) => r.documents), CENTRAL_APPROVAL].flatMap(
    (d) => d.name.match(/[\u3400-\u9fff]+/g) ?? [],
  ),
]);
const NOT_YET_CODED_WORDS = [
  '男',
  '女',
  // The monthly report's stage rows and the school's 学制 setting (lib/reports/monthly, lib/grades).
  '小学',
  '初中',
  '六三制',
  '五四制',
];

/** Latin words the Chinese UI may show: file formats, units, identifiers' names, the product's own name. */
const ALLOWED_LATIN = new Set(
  [
    'xlsx',
    'csv',
    'id',
    'ok',
    'url',
    'http',
    'https',
    'couchdb',
    'json',
    'pdf',
    'excel',
    'wps',
    'baoxue',
    'ms',
    'kb',
    'mb',
    'gb', // GB 11643, the standard the 身份证 check digit follows
  ].map((w) => w.toLowerCase()),
);

/** Every text node, placeholder, title and aria-label under the roots (open shadow roots included). */
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
        if (n.shadowRoot) walk(n.shadowRoot);
      }
      for (const c of Array.from(n.childNodes)) walk(c);
    };
    for (const root of Array.from(document.querySelectorAll(sel))) walk(root);
    return out.join('\n');
  }, selector);
}

/** Names, classes, grades, schools and host labels the demo school holds: data, in any UI language. */
function dataValues(demo: DemoServer, extra: string[]): string[] {
  const values = new Set<string>([demo.school.name, ...extra]);
  for (const row of [...demo.school.students, ...demo.school.cases])
    for (const v of Object.values(row)) if (typeof v === 'string' && v.trim()) values.add(v.trim());
  // Longest first, so a class name goes before the grade it contains.
  return [...values].sort((a, b) => b.length - a.length);
}

/** The words of `text` in the wrong language, each with a little context, data values set aside. */
function foreignWords(text: string, lang: Lang, data: string[]): string[] {
  let rest = text;
  const strip = (values: Iterable<string>) => {
    for (const v of [...values].sort((a, b) => b.length - a.length)) rest = rest.split(v).join(' ');
  };
  // Labels not yet coded first (a data value such as 休学 must not cut one in two), then data, then the
  // glosses the English messages carry.
  if (lang === 'en-US') strip(NOT_YET_CODED);
  strip(data);
  if (lang === 'en-US') strip([...EN_AUTHORED, ...NOT_YET_CODED_WORDS]);
  const found = new Set<string>();
  const pattern = lang === 'en-US' ? /[\u3400-\u9fff]+/g : /[A-Za-z]{2,}/g;
  for (const m of rest.matchAll(pattern)) {
    if (lang === 'zh-CN' && ALLOWED_LATIN.has(m[0].toLowerCase())) continue;
    const at = m.index ?? 0;
    found.add(`${m[0]}  ⟨${rest.slice(Math.max(0, at - 20), at + m[0].length + 20).replace(/\s+/g, ' ')}⟩`);
  }
  return [...found];
}

for (const lang of ['zh-CN', 'en-US'] as Lang[]) {
  test(`${lang}: every dashboard tab and the overlay speak one language`, async ({ demo }) => {
    test.setTimeout(300_000);
    const m = (key: string) => {
      const text = MESSAGES[lang][key]?.message;
      if (!text) throw new Error(`no message ${key}`);
      return text;
    };
    const profile = await launchProfile({ lang });
    try {
      const recorder = demo.school.students[0]!.xm; // a person's name: data in any language
      const data = dataValues(demo, [recorder]);
      const page = await profile.context.newPage();
      await login(page, demo);
      // The roll and the 学籍异动 lists: the overdue transfer and the expired 休学 give reasons and tasks.
      for (const menu of ['学籍数据维护', '学籍异动申请', '在办业务查询']) {
        const tab = await openTab(page, menu);
        await expect(tab.locator('[data-baoxue-state="saved"]').first()).toBeVisible({ timeout: 20_000 });
      }

      // 设置 → 本机使用者: the one person who records on this device (no sync server here).
      const options = await profile.context.newPage();
      await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
      const user = options.getByTestId('device-user');
      await user.getByLabel(m('user_name')).fill(recorder);
      await user.getByLabel(m('user_role')).selectOption('teacher');
      await user.getByRole('button', { name: m('user_save') }).click();
      await expect(options.getByTestId('device-user-message')).toContainText(recorder);

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

      const problems: string[] = [];
      const count = await tabs.count();
      for (let i = 0; i < count; i++) {
        const tab = tabs.nth(i);
        const name = (await tab.textContent()) ?? String(i);
        await tab.click();
        await expect(dash.locator('main')).not.toContainText(m('computing'), { timeout: 20_000 });
        await dash.waitForTimeout(500); // lists fill from their queries
        if (name === m('dash_tab_at_risk'))
          await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${away.grbsm}"]`)).toBeVisible();
        for (const w of foreignWords(await visibleWords(dash, 'main'), lang, data))
          problems.push(`${name}: ${w}`);
      }

      // The overlay on the host's pages: the status strip, the row badges and a child's panel.
      const overlay = async (path: string, where: string) => {
        await page.goto(`${demo.url}${path}`);
        await expect(page.locator('[data-baoxue-page]').first()).toBeVisible({ timeout: 20_000 });
        await page.waitForTimeout(1_500); // badges follow the strip
        const badge = page.locator(`baoxue-badge[data-baoxue-xjh="${away.grbsm}"]`).first(); // the badge is the button
        if (await badge.count()) {
          await badge.click();
          await expect(page.locator(`[data-baoxue-panel="${away.grbsm}"]`)).toContainText(away.xm);
        }
        // What the host page itself says (its column headers, labels) is data too, quoted back by the strip.
        const host = await page.evaluate(() => {
          const clone = document.body.cloneNode(true) as HTMLElement;
          for (const el of Array.from(clone.querySelectorAll('[data-baoxue-root]'))) el.remove();
          return clone.textContent ?? '';
        });
        // …and so are the header words the readers look for in host pages (lib/capture/fields.ts).
        const hostWords = [...(host.match(/[\u3400-\u9fff]+/g) ?? []), ...Object.values(FIELD_LABELS).flat()];
        for (const w of foreignWords(await visibleWords(page, '[data-baoxue-root]'), lang, [
          ...data,
          ...hostWords,
        ]))
          problems.push(`overlay (${where}): ${w}`);
      };
      await overlay('/jsp/xsxx/xjsjwh.jsp', '学籍数据维护');
      await overlay('/jsp/xjyd/xjydsq.jsp', '学籍异动申请');

      expect(problems).toEqual([]);
    } finally {
      await profile.close();
    }
  });
}
