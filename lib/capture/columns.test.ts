import { describe, expect, it, vi } from 'vitest';
import { findColumnModels, findColumnModelsInSlices, modelFor, sanitizeModels } from './columns';
import { parseLoushang } from './json';

const cols = [
  { id: '1', field: 'grbsm', header: '学籍号' },
  { id: '2', field: 'xsxm', header: '姓名' },
  { id: '3', field: 'xb', header: '性别', dict: { '1': '男', '2': '女' } },
  { id: '4', field: 'spzt', header: '审核状态' },
];

describe('finding the column model the page defines (main world)', () => {
  it('finds a plain config object among the globals, and an Ext/L5 grid’s column model', () => {
    class Grid {
      colModel = {
        config: [
          { header: '学籍号', dataIndex: 'XJH' },
          { header: '姓名', dataIndex: 'XM' },
        ],
      };
    }
    const win: Record<string, unknown> = {
      L5_GRID: { cmd: '/command/ajax/x', columns: cols, pageSize: 20 },
      title: '学籍异动申请',
      helper: () => cols, // page code is never called
      L5: { ComponentMgr: { all: { items: [new Grid()] } } },
    };
    const models = findColumnModels(win);
    expect(models.map((m) => m.map((c) => c.field))).toEqual([
      ['grbsm', 'xsxm', 'xb', 'spzt'],
      ['XJH', 'XM'],
    ]);
  });

  it('survives globals that throw when read, and objects that are not plain config', () => {
    const win: Record<string, unknown> = { ok: { columns: cols } };
    Object.defineProperty(win, 'guarded', {
      enumerable: true,
      get() {
        throw new Error('SecurityError');
      },
    });
    win.map = new Map([['columns', cols]]);
    expect(findColumnModels(win)).toHaveLength(1);
  });
});

describe('the search in slices (a page whose globals hold large data)', () => {
  it('finds the same models, and gives the page its thread back between slices', async () => {
    // A large data set among the globals (thousands of row objects), with the model after it.
    const page = (p: number) => Array.from({ length: 50 }, (_, i) => ({ id: p * 50 + i, xm: `学生${i}` }));
    const win: Record<string, unknown> = {
      data: { pages: Array.from({ length: 40 }, (_, p) => page(p)) },
      cfg: { columns: cols },
    };
    let pauses = 0;
    const sliced = await findColumnModelsInSlices(
      win,
      async () => {
        pauses++;
      },
      0, // every slice counts as long: pause at each
    );
    expect(sliced).toEqual(findColumnModels(win));
    expect(sliced.map((m) => m.map((c) => c.field))).toEqual([['grbsm', 'xsxm', 'xb', 'spzt']]);
    expect(pauses).toBeGreaterThan(1);
  });

  it('gives up with no model after 200 ms of work in all (a hidden frame is not held up)', async () => {
    const page = (p: number) => Array.from({ length: 50 }, (_, i) => ({ id: p * 50 + i, xm: `学生${i}` }));
    const win: Record<string, unknown> = {
      data: { pages: Array.from({ length: 40 }, (_, p) => page(p)) },
      cfg: { columns: cols },
    };
    // A slow machine: each slice of 100 values takes 50 ms.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 50));
    let pauses = 0;
    const sliced = await findColumnModelsInSlices(win, async () => {
      pauses++;
    });
    now.mockRestore();
    expect(sliced).toEqual([]);
    expect(pauses).toBeLessThan(5);
  });
});

describe('what arrives from the page is checked again (content script)', () => {
  it.each([
    ['not an array', { columns: cols }],
    ['a model that is a string', ['学籍号,姓名']],
    [
      'headers too long to be headers',
      [
        [
          { header: 'x'.repeat(500), field: 'a' },
          { header: '姓名', field: 'b' },
        ],
      ],
    ],
    ['columns without a field', [[{ header: '学籍号' }, { header: '姓名' }]]],
  ])('refuses %s', (_, untrusted) => {
    expect(sanitizeModels(untrusted)).toEqual([]);
  });

  it('drops a dict whose values are not text, keeps the column', () => {
    const [model] = sanitizeModels([
      [{ header: '性别', field: 'xb', dict: { '1': { html: '男' } } }, cols[0]],
    ]);
    expect(model).toEqual([
      { header: '性别', field: 'xb' },
      { header: '学籍号', field: 'grbsm' },
    ]);
  });
});

describe('reading a response through its model', () => {
  it('pairs each response with the model whose fields its rows carry, reading codes as the column shows them', () => {
    const other = [
      { header: '姓名', field: 'name' },
      { header: '学籍号', field: 'code' },
    ];
    const rows = [{ grbsm: 'G370304201511184064', xsxm: '示例', xb: '2', spzt: '待审核', shzt: '9' }];
    const model = modelFor(sanitizeModels([other, cols]), Object.keys(rows[0]!));
    const grid = parseLoushang({ url: '/command/ajax/x', text: JSON.stringify({ rows }) }, model)!;
    // spzt is 审核状态 by the model; the table's shzt is not read for the same field.
    expect(grid.rows[0]!.cells).toEqual({
      xjh: 'G370304201511184064',
      name: '示例',
      sex: '女',
      reviewStatus: '待审核',
    });
  });

  it('falls back to the table of Loushang names when no model fits', () => {
    const rows = [{ grbsm: 'G370304201511184064', xm: '示例', shzt: '待审核' }];
    expect(modelFor(sanitizeModels([cols]), ['grbsm', 'xm', 'shzt'])).toBeUndefined();
    const grid = parseLoushang({ url: '/command/ajax/x', text: JSON.stringify({ rows }) })!;
    expect(grid.rows[0]!.cells).toEqual({ xjh: 'G370304201511184064', name: '示例', reviewStatus: '待审核' });
  });
});
