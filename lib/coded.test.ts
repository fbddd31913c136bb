import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import en from '../public/_locales/en/messages.json';
import zhCN from '../public/_locales/zh_CN/messages.json';
import { Coded, CodedError, renderText, StoredText, say } from './coded';
import { english, zh } from './coded.testing';
import { errorText } from './errors';
import { RiskSummary, Task } from './records';
import { riskTier } from './risk/tiers';

const HAN = /[\u3400-\u9fff]/;
const none = {
  streak: { days: 0, reached: [] },
  term: { unexcused: 0, schoolDays: 60, rate: 0 },
  escalatedTasks: 0,
  persuasionOpen: false,
  keyStudent: false,
};

describe('coded text', () => {
  it('shows a text stored before codes (the words themselves) as it is', () => {
    const lookup = () => 'never asked';
    expect(renderText('连续缺课 2 天', lookup)).toBe('连续缺课 2 天');
    // A 风险名单 entry and a task written by the previous version still read as valid records.
    const summary = RiskSummary.parse({
      id: 'G1',
      rank: 1,
      tier: 'warning',
      reasons: ['连续缺课 2 天', say('reason_key_student')],
      streakDays: 2,
      student: { id: 'G1', xjh: 'G1', name: '王子涵', className: '七年级(1)班' },
      updatedAt: 1,
    });
    expect(summary.reasons.map(zh)).toEqual(['连续缺课 2 天', '重点生']);
    expect(summary.reasons.map(english)).toEqual(['连续缺课 2 天', 'key student']);
    const task = Task.parse({
      id: 't',
      kind: 'ladder-teacher-visit',
      title: '班主任家访：王子涵（七年级(1)班）',
      ownerRole: 'teacher',
      due: '2026-11-02',
      state: 'open',
      createdAt: 1,
      updatedAt: 1,
    });
    expect(zh(task.title)).toBe('班主任家访：王子涵（七年级(1)班）');
  });

  it('renders phrases inside a text, in each language', () => {
    const { reasons } = riskTier({ ...none, streak: { days: 3.5, reached: [] } });
    expect(reasons.map(zh)).toEqual(['疑似辍学：连续缺课 3 天半']);
    expect(reasons.map(english)).toEqual(['suspected dropout: absent 3½ days in a row']);
    const chronic = riskTier({ ...none, term: { unexcused: 1, schoolDays: 10, rate: 0.1 } });
    expect(chronic.reasons.map(english)).toEqual(['chronic absence: absent 10% of this term (1 day)']);
  });

  it('keeps data as data: a name is not translated', () => {
    const title = say('task_key_check', '2026-11', '王子涵', '七年级(1)班');
    expect(english(title)).toBe("Check the key student's support record (2026-11): 王子涵 (七年级(1)班)");
  });

  it('refuses a malformed stored text', () => {
    expect(StoredText.safeParse({ code: 'x' }).success).toBe(false);
    expect(
      Coded.safeParse({ code: 'x', params: [{ code: 'y', params: [{ code: 'z', params: [] }] }] }).success,
    ).toBe(false);
  });

  it("an error carries its code and parameters, and is shown in the reader's language", () => {
    const e = new CodedError(say('err_records_not_saved', 3, 'conflict'));
    expect(e).toBeInstanceOf(Error);
    expect(zh(e.text)).toBe('保存失败 3 条（conflict）');
    // The browser's i18n answering in English, as Chromium does with --lang=en-US.
    const i18n = browser.i18n;
    Object.assign(browser, {
      i18n: { getMessage: (key: string, subs: string[]) => english(say(key as 'days_one', ...subs)) },
    });
    try {
      expect(errorText(e)).toBe('3 records could not be saved (conflict)');
      expect(errorText(new Error('plain'))).toBe('plain');
    } finally {
      Object.assign(browser, { i18n });
    }
  });
});

/** Every key a rule in lib/ says, found in the sources. */
function keysSaid(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) keysSaid(path, out);
    else if (name.endsWith('.ts') && !name.includes('.test.')) {
      // Only files that say coded texts (others may have a `say` of their own).
      if (!/import \{[^}]*\bsay\b[^}]*\} from '[./]*(coded|say)'/.test(readFileSync(path, 'utf8'))) continue;
      for (const m of readFileSync(path, 'utf8').matchAll(/\bsay\(\s*'([A-Za-z0-9_]+)'/g)) out.add(m[1]!);
      // say(cond ? 'key_a' : 'key_b', …)
      for (const m of readFileSync(path, 'utf8').matchAll(/say\(\s*[\w.!]+\s*\?\s*'(\w+)'\s*:\s*'(\w+)'/g))
        out.add(m[1]!).add(m[2]!);
    }
  }
  return out;
}

describe('the locale files', () => {
  const said = [...keysSaid('lib')];
  it('hold every key a rule says, in both languages, the English without Chinese', () => {
    expect(said.length).toBeGreaterThan(20);
    const zhMessages = zhCN as Record<string, { message: string }>;
    const enMessages = en as Record<string, { message: string }>;
    expect(said.filter((k) => !zhMessages[k])).toEqual([]);
    expect(said.filter((k) => !enMessages[k])).toEqual([]);
    expect(said.filter((k) => HAN.test(enMessages[k]?.message ?? ''))).toEqual([]);
  });
});
