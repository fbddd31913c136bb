import { describe, expect, it } from 'vitest';
import { followMoved, noteMoved } from './reidMoved';

const OLD = `h-${'a'.repeat(32)}`;
const NEW = `h-${'b'.repeat(32)}`;
const OTHER = `h-${'c'.repeat(32)}`;

describe('a retired child as the gateway judges an event naming it (更换编号密钥)', () => {
  it('follows only a registrar-retired tombstone from hash to hash', () => {
    const moved = new Map<string, string>();
    noteMoved(moved, {
      id: OLD,
      deleted: true,
      doc: { _id: OLD, _deleted: true, retired: true, movedTo: NEW },
    });
    expect(moved.get(OLD)).toBe(NEW);
    // A deletion that is no retirement, a plain id (a 学籍号), a movedTo that is no keyed hash: nothing.
    noteMoved(moved, { id: OTHER, deleted: true, doc: { _deleted: true, movedTo: NEW } });
    noteMoved(moved, { id: 'G110101201001011234', deleted: true, doc: { retired: true, movedTo: NEW } });
    noteMoved(moved, { id: OTHER, deleted: true, doc: { retired: true, movedTo: 'G110101201001011234' } });
    expect([...moved.keys()]).toEqual([OLD]);
    // The child back under the old id (a live record): no longer moved.
    noteMoved(moved, { id: OLD, doc: { className: '七年级1班' } });
    expect(moved.size).toBe(0);
  });

  it('judges an event by the child it moved to, and a live child as it is', () => {
    const classes = new Map([[NEW, '七年级1班']]);
    const moved = new Map([[OLD, NEW]]);
    expect(followMoved({ studentId: OLD }, { classes, moved }).studentId).toBe(NEW);
    expect(followMoved({ studentId: OTHER }, { classes, moved }).studentId).toBe(OTHER);
    // A child live under the id is never re-pointed, even with a mapping (no tombstone can take a child).
    expect(followMoved({ studentId: NEW }, { classes, moved: new Map([[NEW, OTHER]]) }).studentId).toBe(NEW);
  });
});
