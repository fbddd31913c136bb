import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITION, isDisabled, parseDefinition, useDefinition } from './definition';
import { fieldForLabel, labelsOf } from './fields';
import { parseLoushang } from './json';
import { statusChangeList } from './pages/status-change';

const ctx = (title: string) => ({ title, host: 'h', now: 0 });
const withSynonym = () => {
  const def = structuredClone(BUILTIN_DEFINITION);
  def.version = 2;
  def.labels.xjh.push('籍号编码');
  def.json.stuCode = 'xjh';
  def.kinds.unshift({ words: '转学查询', kind: 'cross-province' });
  return def;
};

afterEach(() => useDefinition());

describe('reader definition', () => {
  it('the built-in definition is valid and reads as the built-in tables do', () => {
    const p = parseDefinition(JSON.stringify(BUILTIN_DEFINITION));
    expect(p.ok).toBe(true);
    expect(fieldForLabel('个人标识码')).toBe('xjh');
    expect(fieldForLabel('籍号编码')).toBeUndefined();
  });

  it('a server definition adds a synonym, a JSON name and a title word, without a rebuild', () => {
    const p = parseDefinition(JSON.stringify(withSynonym()));
    if (!p.ok) throw new Error(p.problem.key);
    useDefinition(p.definition);
    expect(fieldForLabel('籍号编码')).toBe('xjh');
    expect(labelsOf('xjh')).toContain('籍号编码');
    const grid = parseLoushang({ url: '/command/ajax/x', text: '{"rows":[{"stuCode":"G1","xm":"甲"}]}' });
    expect(grid?.rows[0]?.cells.xjh).toBe('G1');
    expect(statusChangeList.kind(ctx('学籍转学查询'))).toBe('cross-province');
    useDefinition();
    expect(fieldForLabel('籍号编码')).toBeUndefined();
    expect(statusChangeList.kind(ctx('学籍转学查询'))).toBe('status-change-apply');
  });

  it.each([
    ['not JSON', '{"format":1,', 'definition_err_json'],
    ['another format', JSON.stringify({ ...BUILTIN_DEFINITION, format: 2 }), 'definition_err_format'],
    [
      'a field without labels',
      JSON.stringify({ ...BUILTIN_DEFINITION, labels: { ...BUILTIN_DEFINITION.labels, xjh: [] } }),
      'definition_err_invalid',
    ],
    [
      'a JSON name to no field',
      JSON.stringify({ ...BUILTIN_DEFINITION, json: { a: 'nope' } }),
      'definition_err_invalid',
    ],
    [
      'an unknown page kind',
      JSON.stringify({ ...BUILTIN_DEFINITION, kinds: [{ words: 'x', kind: 'grades' }] }),
      'definition_err_invalid',
    ],
    [
      'an unknown feature',
      JSON.stringify({ ...BUILTIN_DEFINITION, disabled: [{ host: 'a', feature: 'eval' }] }),
      'definition_err_invalid',
    ],
  ])('refuses %s, naming why', (_, text, key) => {
    const p = parseDefinition(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.problem.key).toBe(key);
  });

  it('a refused definition leaves what is in use as it was', () => {
    const good = parseDefinition(withSynonym());
    if (good.ok) useDefinition(good.definition);
    const bad = parseDefinition({ ...withSynonym(), labels: { name: ['姓名'] } });
    expect(bad.ok).toBe(false);
    expect(fieldForLabel('籍号编码')).toBe('xjh');
  });

  it('switches a feature off for a host, a host’s subdomains or every host', () => {
    const def = {
      ...BUILTIN_DEFINITION,
      disabled: [
        { host: 'xj.example.cn', feature: 'json' as const, note: '' },
        { host: '*.edu.cn', feature: 'capture' as const, note: '' },
      ],
    };
    expect(isDisabled(def, 'xj.example.cn', 'json')).toBe(true);
    expect(isDisabled(def, 'xj.example.cn', 'learn')).toBe(false);
    expect(isDisabled(def, 'other.cn', 'json')).toBe(false);
    // 'capture' off means every feature off.
    expect(isDisabled(def, 'a.edu.cn', 'capture-all')).toBe(true);
    expect(
      isDisabled({ ...def, disabled: [{ host: '*', feature: 'teach', note: '' }] }, 'any.cn', 'teach'),
    ).toBe(true);
  });
});
