import { describe, expect, it } from 'vitest';
import { generateSchool } from '../../demo/generator';
import type { FieldMap } from './columns';
import { fieldsOf, loushangRows, parseLoushang } from './json';
import { expand, expandNow, gridBuilder, rawRows } from './json-store';

const school = generateSchool(20261122, 112); // 2,016 students: a 2,000-row page, as the bench shows
const url = '/command/ajax/com.inspur.mems.xsxxgl.cmd.ZxxsXsJbxxQueryCmd/query';
const response = (rows: unknown[]) =>
  JSON.stringify({ total: rows.length, success: true, metaData: { root: 'rows', fields: [] }, rows });

function stored(rows: unknown[], model?: FieldMap) {
  const b = gridBuilder(url, model);
  for (let i = 0; i < rows.length; i += 250) b.add(rows.slice(i, i + 250));
  return b.done();
}

describe('the grid JSON kept between reads', () => {
  it('gives back every row as the page sent it, with the cells the readers take', async () => {
    const text = response(school.students.slice(0, 2000));
    const kept = stored(loushangRows({ url, text })!);
    const direct = parseLoushang({ url, text })!;
    expect(expandNow(kept)).toEqual(direct);
    expect(await expand(kept, async () => {}, 300)).toEqual(direct);
    expect(fieldsOf(kept.names).sort()).toEqual([...direct.fields].sort());
  });

  it('keeps a field some rows lack apart from an empty value, and numbers as text', () => {
    const kept = stored([
      { grbsm: 'G1', xm: '甲', lxdh: '' },
      { grbsm: 'G2', xm: '乙', sfdb: 1 },
      { grbsm: 'G3', note: { nested: true }, xm: null },
    ]);
    expect(rawRows(kept)).toEqual([
      { grbsm: 'G1', xm: '甲', lxdh: '' },
      { grbsm: 'G2', xm: '乙', sfdb: '1' },
      { grbsm: 'G3' },
    ]);
  });

  it('keeps a column of thousands of different values (addresses, ids) exactly, row by row', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      xjh: `G${String(i).padStart(18, '0')}`,
      xzz: i % 7 === 0 ? undefined : `某某省某某市第${i}号院${'长'.repeat(i % 40)}`,
    }));
    const back = rawRows(stored(rows));
    expect(back).toHaveLength(3000);
    back.forEach((r, i) => {
      expect(r.xjh).toBe(rows[i]!.xjh);
      expect(r.xzz).toBe(rows[i]!.xzz);
      expect('xzz' in r).toBe(rows[i]!.xzz !== undefined);
    });
  });

  it('reads through the model it holds, so names learnt once are read again the same', () => {
    const model: FieldMap = { names: new Map([['stuNo', 'xjh']]), dicts: new Map() };
    const kept = stored([{ stuNo: 'G9', flowStatus: '2' }]);
    expect(expandNow(kept).fields).not.toContain('xjh');
    kept.model = model;
    expect(expandNow(kept).rows[0]!.cells.xjh).toBe('G9');
  });
});
