/** The school's absence ladder (lib/risk/ladder): when each step starts and how an excused half-day counts. */
import { z } from '../zod';

export const LadderSettings = z.object({
  /** The absence ladder's changes, by step code (when it starts, how many school days it has). */
  ladder: z
    .record(
      z.string().max(64),
      z.object({
        atDays: z.number().min(0.5).max(60).optional(),
        dueWorkingDays: z.number().int().min(0).max(30).optional(),
      }),
    )
    .default({}),
  /** An excused half-day (事假/病假) in a run of absence: ends the run (default) or pauses it (domain.md §5). */
  excusedHalfDay: z.enum(['ends', 'pauses']).default('ends'),
});
export type LadderSettings = z.infer<typeof LadderSettings>;
