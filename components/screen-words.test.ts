/**
 * Words for developers never reach a screen or a print (issue 15 finding 4): no `domain.md`, no `§`, no
 * role code, no record field key, no schema path, no command to run. Every text Baoxue shows is a locale
 * message (lib/i18n.ts), so the built locale files are scanned whole; the citations under a checklist
 * and on its print come from components/paperwork/basis.ts, checked against the shipped rule table.
 * (The rendered pages are scanned by tests/e2e/screens.spec.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/lib/paperwork/rules';
import { StatusChangeCase, Student, Task } from '@/lib/records';
import { ROLES } from '@/lib/sync/school';
import { BASIS, basisKeys } from './paperwork/basis';

type Messages = Record<string, { message: string }>;
const load = (dir: string): Messages =>
  JSON.parse(readFileSync(`public/_locales/${dir}/messages.json`, 'utf8')) as Messages;
const LOCALES: [string, Messages][] = [
  ['zh_CN', load('zh_CN')],
  ['en', load('en')],
];

/** Record field keys (camelCase, as stored) a message must not print: onRoll, className, studentId … */
const FIELD_KEYS = [
  ...new Set([Student, StatusChangeCase, Task].flatMap((s) => Object.keys(s.shape))),
].filter((k) => /[a-z][A-Z]/.test(k));

const DEVELOPER_WORDS: [string, RegExp][] = [
  ['a developer file', /\b[\w-]+\.md\b/],
  ['a section sign', /§/],
  ['a command to run', /\b(npm|npx|node|server:setup)\b/],
  ['a schema path', /\b\w+\[\d+\](\.\w+)+/],
  ['a seed number', /\bseeds?\b/i],
  ['inferred', /\binferred\b/],
];

/** What a message says that only a developer would: each with the message key. */
function developerWords(messages: Messages, lang: string): string[] {
  const found: string[] = [];
  for (const [key, { message }] of Object.entries(messages)) {
    for (const [what, pattern] of DEVELOPER_WORDS)
      if (pattern.test(message)) found.push(`${lang} ${key}: ${what}: ${message}`);
    for (const field of FIELD_KEYS)
      if (new RegExp(`\\b${field}\\b`).test(message))
        found.push(`${lang} ${key}: field ${field}: ${message}`);
    // Role codes are English words: in the Chinese UI they can only be codes that leaked.
    if (lang === 'zh_CN')
      for (const role of ROLES)
        if (new RegExp(`\\b${role}\\b`, 'i').test(message))
          found.push(`${lang} ${key}: role ${role}: ${message}`);
  }
  return found;
}

describe('screen words (issue 15 finding 4)', () => {
  for (const [lang, messages] of LOCALES)
    it(`${lang}: no message holds domain.md, §, a role code, a field key or a schema path`, () => {
      expect(developerWords(messages, lang)).toEqual([]);
    });

  it('catches what it is meant to catch (the scan itself is not blind)', () => {
    const leaked: Messages = {
      a: { message: '依据：domain.md §4' },
      b: { message: '（registrar）' },
      c: { message: 'students[3].onRoll：Invalid input' },
      d: { message: '请管理员运行 server:setup' },
      e: { message: '依据：《控辍保学工作方案及措施文件》篇一 五、7' },
    };
    const found = developerWords(leaked, 'zh_CN').map((f) => f.split(':')[0]);
    expect(new Set(found)).toEqual(new Set(['zh_CN a', 'zh_CN b', 'zh_CN c', 'zh_CN d']));
  });

  it('the role names are the school’s words: 学籍管理员, 班主任/教师, 校领导', () => {
    const zh = LOCALES[0]![1];
    expect(zh.role_registrar?.message).toBe('学籍管理员');
    expect(zh.role_teacher?.message).toBe('班主任/教师');
    expect(zh.role_leader?.message).toBe('校领导');
  });

  it('every shipped change type shows a basis, naming its documents by their own titles', () => {
    for (const rule of DEFAULT_RULES) {
      const key = BASIS[rule.type];
      expect(key, rule.type).toBeDefined();
      for (const [lang, messages] of LOCALES) {
        const text = messages[key!]?.message;
        expect(text, `${lang} ${key}`).toBeTruthy();
        // A rule with documents cites a document by its title: 《…》.
        if (rule.documents.length) expect(text, `${lang} ${key}`).toMatch(/《[^》]+》/);
      }
    }
  });

  it('a transfer with the 中心学校 step adds that step’s basis; an unknown type shows none', () => {
    expect(basisKeys({ ruleType: '转出', items: [{ doc: { code: 'central-approval' } }] })).toEqual([
      'basis_transfer_out',
      'basis_central',
    ]);
    expect(basisKeys({ ruleType: '转出', items: [] })).toEqual(['basis_transfer_out']);
    expect(basisKeys({ ruleType: '外星转学', items: [] })).toEqual([]);
  });
});
