import { describe, expect, it } from 'vitest';
import { childChoices, holdsXjh, pickChild } from './pick';

// A teacher's device: children under the server's hash, 学籍号 blank (lib/sync/sealed.ts).
const teachers = [
  { id: 'h-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: '王小明', xjh: '', className: '七年级(1)班' },
  { id: 'h-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', name: '王小明', xjh: '', className: '七年级(2)班' },
  { id: 'h-cccccccccccccccccccccccccccccccc', name: '李华', xjh: '', className: '七年级(1)班' },
  { id: 'h-dddddddddddddddddddddddddddddddd', name: '李华', xjh: '', className: '七年级(1)班' },
];

describe('naming a child on a device that holds no 学籍号', () => {
  it('keeps two children of one name apart: each choice names its own record', () => {
    const choices = childChoices(teachers);
    expect(new Set(choices.map((c) => c.label)).size).toBe(teachers.length);
    for (const c of choices) {
      expect(c.label).not.toContain('h-');
      expect(pickChild(teachers, c.label)).toEqual({ found: c.id });
    }
    expect(pickChild(teachers, '王小明 七年级(2)班')).toEqual({ found: teachers[1]!.id });
  });

  it('asks which one when only the shared name is typed, and never picks a child for an empty text', () => {
    expect(pickChild(teachers, '王小明')).toEqual({ ambiguous: 2 });
    expect(pickChild(teachers, '')).toEqual({ none: true });
    expect(pickChild(teachers, '赵六')).toEqual({ none: true });
    expect(holdsXjh(teachers)).toBe(false);
  });

  it('on a registrar’s device finds a child by 学籍号 or by a name only they have', () => {
    const office = [
      { id: 'G110105200001010011', name: '王小明', xjh: 'G110105200001010011', className: '七年级(1)班' },
      { id: 'G110105200001010022', name: '王小明', xjh: 'G110105200001010022', className: '七年级(2)班' },
      { id: 'G110105200001010033', name: '张三', xjh: 'G110105200001010033', className: '七年级(2)班' },
    ];
    expect(holdsXjh(office)).toBe(true);
    expect(pickChild(office, 'g110105200001010022')).toEqual({ found: office[1]!.id });
    expect(pickChild(office, '王小明 G110105200001010011')).toEqual({ found: office[0]!.id });
    expect(pickChild(office, '张三')).toEqual({ found: office[2]!.id });
  });
});
