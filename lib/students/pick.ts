/**
 * Naming a child in a form (重点生, 帮扶 …) by what the viewer holds of them. A teacher's device holds children
 * under the server's hash with a blank 学籍号 (lib/sync/sealed.ts), so "name + 学籍号" is no longer unique there:
 * two children with one name would be the same choice. The choice is resolved to the record's id, never to a
 * name, and a hash is never shown as if it were a number.
 */
import type { Student } from '../records';

type Named = Pick<Student, 'id' | 'name' | 'xjh' | 'className'>;

/** Whether the viewer holds any 学籍号 (a teacher's device holds none): lists show the column only then. */
export const holdsXjh = (students: readonly Pick<Student, 'xjh'>[]) => students.some((s) => s.xjh !== '');

/**
 * One choice per child, its label unique: name and 学籍号 where held, else name and class, and a running number
 * where that still repeats (two children of one name in one class).
 */
export function childChoices(students: readonly Named[]): { id: string; label: string }[] {
  const base = students.map((s) => `${s.name} ${s.xjh || s.className}`.trim());
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const seen = new Map<string, number>();
  return students.map((s, i) => {
    const b = base[i]!;
    if (count.get(b) === 1) return { id: s.id, label: b };
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return { id: s.id, label: `${b} (${n})` };
  });
}

export type ChildPick =
  | { found: string }
  | { none: true }
  /** The name alone names several children: the viewer chooses one from the list. */
  | { ambiguous: number };

/** The child a typed or chosen text names: a choice's label, a 学籍号 held here, or a name only one child has. */
export function pickChild(students: readonly Named[], text: string): ChildPick {
  const q = text.trim();
  if (!q) return { none: true };
  const chosen = childChoices(students).find((c) => c.label === q);
  if (chosen) return { found: chosen.id };
  const byXjh = students.find((s) => s.xjh !== '' && s.xjh === q.toUpperCase());
  if (byXjh) return { found: byXjh.id };
  const byName = students.filter((s) => s.name === q);
  if (byName.length === 1) return { found: byName[0]!.id };
  return byName.length ? { ambiguous: byName.length } : { none: true };
}
