/**
 * Baoxue's own closed sets — 性别, 学段, 学制, the shipped rules' 异动类别 and document names — are stored as
 * the Chinese words and shown through message keys (lib/paperwork/rules.ts, lib/capture/normalize.ts,
 * lib/grades.ts). Every word of those sets has a key in both locale files, the Chinese message gives the word
 * back as stored, and the English one has no Chinese; a word outside the sets (a school's own document, the
 * host's own label) is shown as it is.
 */
import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import zhCN from '../public/_locales/zh_CN/messages.json';
import { sexText } from './capture/normalize';
import { english, zh } from './coded.testing';
import { GradeSystem, gradeSystemText, stageText } from './grades';
import { CENTRAL_APPROVAL } from './paperwork/context';
import { CODED_NAMES, changeTypeText, DEFAULT_RULES, documentText } from './paperwork/rules';

const HAN = /[\u3400-\u9fff]/;
const zhMessages = zhCN as Record<string, { message: string }>;
const enMessages = en as Record<string, { message: string }>;

describe('the codes of Baoxue’s own words', () => {
  const tables = { ...CODED_NAMES.documents, ...CODED_NAMES.changeTypes };

  it('every code has a Chinese message that is the stored word and an English one without Chinese', () => {
    for (const [word, key] of Object.entries(tables)) {
      expect(zhMessages[key]?.message, key).toBe(word);
      expect(enMessages[key]?.message, key).toBeTruthy();
      expect(HAN.test(enMessages[key]!.message), `${key}: ${enMessages[key]!.message}`).toBe(false);
    }
    for (const key of ['sex_male', 'sex_female', 'stage_primary', 'stage_junior', 'stage_other'])
      expect(HAN.test(enMessages[key]?.message ?? '中'), key).toBe(false);
    for (const system of GradeSystem.options) expect(HAN.test(english(gradeSystemText(system)))).toBe(false);
  });

  it('every document and 异动类别 the shipped rules name is coded (a new one without a key fails here)', () => {
    const names = [...DEFAULT_RULES.flatMap((r) => r.documents.map((d) => d.name)), CENTRAL_APPROVAL.name];
    expect(names.filter((n) => typeof documentText(n) === 'string')).toEqual([]);
    expect(DEFAULT_RULES.map((r) => r.type).filter((t) => typeof changeTypeText(t) === 'string')).toEqual([]);
  });

  it('shows each in the reader’s language, the Chinese exactly as stored', () => {
    expect(zh(documentText('监护人书面申请'))).toBe('监护人书面申请');
    expect(english(documentText('监护人书面申请'))).toBe("Guardian's written application");
    expect(english(changeTypeText('跨省转出'))).toBe('Transfer out to another province');
    expect([zh(sexText('男')), zh(sexText('2'))]).toEqual(['男', '女']);
    expect([english(sexText('男')), english(sexText('１'))]).toEqual(['male', 'male']);
    expect([english(stageText('小学')), english(stageText('初中')), english(stageText('其他'))]).toEqual([
      'Primary',
      'Junior secondary',
      'Other',
    ]);
    expect(zh(gradeSystemText('五四制'))).toBe('五四制');
  });

  it('keeps what is not Baoxue’s word as it is: a school’s own document, the host’s own label, an odd 性别', () => {
    expect(english(documentText('家长承诺书'))).toBe('家长承诺书');
    expect(english(changeTypeText('转学(转出)'))).toBe('转学(转出)');
    expect(english(sexText('未说明'))).toBe('未说明');
    expect(english(sexText(''))).toBe('');
  });
});
