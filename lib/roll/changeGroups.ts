/**
 * 最近变动 as a registrar reads it: a reading that brought in many students at once (the first reading of
 * the roll, a 读取全部) is one line — "首次读取：360 名学生" — not hundreds of 新学生 rows; every other change
 * (a student changed or gone, a case new or moved on) stays a line of its own.
 */
import type { ChangeEvent } from '../records';

/** From this many new students in a row, they are shown as one reading. */
export const GROUP_FROM = 10;

export type ChangeLine =
  | { kind: 'one'; change: ChangeEvent }
  | {
      kind: 'reading';
      /** The store's first reading of the roll (nothing was recorded before it). */
      first: boolean;
      changes: ChangeEvent[];
      from: number;
      to: number;
    };

/**
 * `changes` newest first, as shown; `oldestId`: the store's oldest change (the first reading contains it).
 * A run of consecutive 新学生 rows of GROUP_FROM or more becomes one line.
 */
export function changeLines(changes: ChangeEvent[], oldestId?: string): ChangeLine[] {
  const out: ChangeLine[] = [];
  let run: ChangeEvent[] = [];
  const flush = () => {
    if (run.length >= GROUP_FROM)
      out.push({
        kind: 'reading',
        first: run.some((c) => c.id === oldestId),
        changes: run,
        from: Math.min(...run.map((c) => c.at)),
        to: Math.max(...run.map((c) => c.at)),
      });
    else for (const change of run) out.push({ kind: 'one', change });
    run = [];
  };
  for (const c of changes) {
    if (c.kind === 'student-new') run.push(c);
    else {
      flush();
      out.push({ kind: 'one', change: c });
    }
  }
  flush();
  return out;
}
