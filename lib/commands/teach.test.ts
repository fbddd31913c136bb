import { describe, expect, it } from 'vitest';
import { mappingOfEvent } from '../capture/teach';
import { parseEvent } from '../records';
import { buildEvents, parseCommand } from './commands';

describe('识别此页 as an event', () => {
  const mapping = {
    host: 'xj.example.cn',
    path: '/roster',
    kind: 'student-list',
    columns: [
      { header: '学生标识码', field: 'xjh' },
      { header: '家长签字', field: null },
    ],
  };
  it('the command appends one author-stamped pageTaught event that reads back as the mapping', () => {
    const input = parseCommand('page/teach', mapping);
    const { events } = buildEvents('page/teach', input, { author: '李主任', now: 5, nonce: () => 'n' });
    expect(events).toHaveLength(1);
    const e = parseEvent(JSON.parse(JSON.stringify(events[0])));
    expect(e?.kind).toBe('pageTaught');
    expect(e?.author).toBe('李主任');
    if (e?.kind !== 'pageTaught') throw new Error('kind');
    expect(mappingOfEvent(e.data)).toEqual(mapping);
  });

  it('refuses a mapping that reads two columns as one field', () => {
    expect(() =>
      parseCommand('page/teach', {
        ...mapping,
        columns: [
          { header: 'a', field: 'xjh' },
          { header: 'b', field: 'xjh' },
        ],
      }),
    ).toThrow('cmd_err_teach_field_twice');
  });
});

describe('a mappings file imported in 设置: one command, all or nothing', () => {
  const page = (path: string) => ({
    host: 'xj.example.cn',
    path,
    kind: 'student-list',
    columns: [{ header: '学生标识码', field: 'xjh' }],
  });
  it('appends one pageTaught event per page in one command, a page named twice once (its last entry)', () => {
    const input = parseCommand('pages/teach', {
      pages: [page('/a'), page('/b'), { ...page('/a'), kind: 'student-card' }],
    });
    const { events } = buildEvents('pages/teach', input, { author: '李主任', now: 5, nonce: (i) => `n${i}` });
    expect(events.map((e) => mappingOfEvent(e.data)).map((m) => [m?.path, m?.kind])).toEqual([
      ['/a', 'student-card'],
      ['/b', 'student-list'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it('refuses the whole file when one page is wrong (nothing of it is appended)', () => {
    expect(() =>
      parseCommand('pages/teach', { pages: [page('/a'), { ...page('/b'), host: '<img src=x>' }] }),
    ).toThrow();
    expect(() => parseCommand('pages/teach', { pages: [] })).toThrow();
  });
});
