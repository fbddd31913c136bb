import { describe, expect, it } from 'vitest';
import { labelKey, sameLabel } from './text';

describe('labelKey: one form for labels written with full- or half-width punctuation and spaces', () => {
  it.each([
    ['转学（转出）', '转学(转出)'],
    ['出国（境）学习', '出国(境)学习'],
    [' 初 三 ', '初三'],
    ['七年级１班', '七年级1班'],
    ['Ｇ１２３', 'g123'],
    ['学籍\u3000号', '学籍号'],
  ])('%s reads as %s', (a, b) => {
    expect(sameLabel(a, b)).toBe(true);
  });
  it('keeps different labels apart', () => {
    expect(sameLabel('转学（转出）', '转学（转入）')).toBe(false);
    expect(labelKey(undefined)).toBe('');
  });
});
