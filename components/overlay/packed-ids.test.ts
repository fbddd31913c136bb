import { describe, expect, it } from 'vitest';
import { packIds } from './packed-ids';

describe('packed ids', () => {
  it('gives back each id, in order, including empty and non-ASCII ones', () => {
    const ids = ['G370304201205137550', '', '案-7', 'L5-0001', 'x'];
    const p = packIds(ids);
    expect(p.size).toBe(5);
    expect([...p]).toEqual(ids);
    expect(p.at(2)).toBe('案-7');
    expect(p.at(5)).toBeUndefined();
    expect(p.at(-1)).toBeUndefined();
    expect(p.at(1.5)).toBeUndefined();
  });

  it('holds ids whose characters pass 65,535 in all', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `G${String(i).padStart(18, '0')}`);
    const p = packIds(ids);
    expect(p.at(3999)).toBe(ids[3999]);
    expect([...p]).toEqual(ids);
  });

  it('is empty for no ids', () => {
    expect([...packIds([])]).toEqual([]);
  });
});
