import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITION } from '../capture/definition';
import { judgeDefinitionAnswer } from './readers';

describe('the server’s reader definition, as a device judges it at sync', () => {
  it('takes a valid one, falls back to the built-in when none is published, keeps its own otherwise', () => {
    const def = { ...BUILTIN_DEFINITION, version: 4 };
    expect(judgeDefinitionAnswer(200, def)).toEqual({ take: def });
    expect(judgeDefinitionAnswer(404, {})).toEqual({ none: true });
    expect(judgeDefinitionAnswer(502, {})).toEqual({ unreachable: true });
    expect(judgeDefinitionAnswer(401, {})).toEqual({ unreachable: true });
  });

  it('refuses a malformed one, saying why', () => {
    const r = judgeDefinitionAnswer(200, { ...BUILTIN_DEFINITION, kinds: 'all' });
    expect(r).toEqual({ refuse: { key: 'definition_err_invalid', detail: 'kinds' } });
    expect(judgeDefinitionAnswer(200, '<html>')).toEqual({
      refuse: { key: 'definition_err_json', detail: '' },
    });
  });
});
