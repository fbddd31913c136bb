import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITION } from '../capture/definition';
import type { PageMapping } from '../capture/teach';
import type { BaoxueDatabase } from '../db/types';
import {
  judgeDefinitionAnswer,
  MAX_TAUGHT_PAGES,
  newestPerPage,
  publishTaughtPages,
  readTaughtPages,
  TAUGHT_KEY,
  taughtPagesOf,
} from './readers';

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

describe('the taught pages a device reads by', () => {
  const mapping = (path: string, kind = 'student-list') => ({
    host: 'xj.example.cn',
    path,
    kind,
    columns: [{ header: '学生标识码', field: 'xjh' }],
  });
  const events = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      toJSON: () => ({
        recordedAt: i,
        data: {
          host: 'xj.example.cn',
          path: `/page${i % 3}`,
          pageKind: i === n - 1 ? 'student-card' : 'student-list',
          columns: JSON.stringify(mapping('/').columns),
        },
      }),
    }));
  const db = (n: number) =>
    ({ events: { find: () => ({ exec: async () => events(n) }) } }) as unknown as BaoxueDatabase;

  it('2,100 teachings of 3 pages are kept as 3 pages, each its newest', async () => {
    await browser.storage.local.clear();
    await publishTaughtPages(db(2100));
    const pages = await readTaughtPages();
    expect(pages.map((p) => [p.path, p.kind])).toEqual([
      ['/page0', 'student-list'],
      ['/page1', 'student-list'],
      ['/page2', 'student-card'], // the last event (2099 % 3 = 2) taught it as a card
    ]);
  });

  it('a bad stored entry is dropped alone; the rest are still read', async () => {
    await browser.storage.local.set({ [TAUGHT_KEY]: [mapping('/a'), { host: '<x>' }, mapping('/b')] });
    expect((await readTaughtPages()).map((p) => p.path)).toEqual(['/a', '/b']);
    expect(taughtPagesOf('not a list')).toEqual([]);
  });

  it('never keeps more than the limit: the newest pages', () => {
    const many = Array.from({ length: MAX_TAUGHT_PAGES + 5 }, (_, i) => mapping(`/p${i}`) as PageMapping);
    const kept = newestPerPage(many);
    expect(kept).toHaveLength(MAX_TAUGHT_PAGES);
    expect(kept.at(-1)?.path).toBe(`/p${MAX_TAUGHT_PAGES + 4}`);
  });
});
