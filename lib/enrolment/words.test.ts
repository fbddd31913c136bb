/**
 * Every problem an import can report and every 去向 has its words in both languages: a registrar never
 * sees a raw code like `id-checksum` in place of a sentence.
 */
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';
import { IMPORT_PROBLEMS } from './importChildren';
import { WHEREABOUTS } from './ledger';

const keys = [
  ...IMPORT_PROBLEMS.map((p) => `enrol_err_${p.replace(/-/g, '_')}`),
  ...WHEREABOUTS.map((w) => `enrol_where_${w.replace(/-/g, '_')}`),
];

describe('the words for the 适龄儿童 list', () => {
  for (const [lang, messages] of [
    ['zh_CN', zh],
    ['en', en],
  ] as const)
    it(`has every import problem and 去向 in ${lang}`, () => {
      const missing = keys.filter((k) => !(messages as Record<string, { message?: string }>)[k]?.message);
      expect(missing).toEqual([]);
    });
});
