/**
 * How the school runs 学籍异动 paperwork: who ticks documents on this device, the 中心学校 step, the 休学
 * limit and its changes to the shipped rules (lib/paperwork/rules, applied in lib/paperwork/context).
 */
import { z } from '../zod';

const Provider = z.enum([
  'guardian',
  'classTeacher',
  'receivingSchool',
  'sendingSchool',
  'leader',
  'school',
  'hospital',
  'hukou',
  'centralSchool',
  'bureau',
]);

export const RuleOverride = z.object({
  deadlineWorkingDays: z.number().int().min(0).max(365).optional(),
  /** document code → mandatory */
  mandatory: z.record(z.string().max(64), z.boolean()).optional(),
  added: z
    .array(
      z.object({
        code: z.string().max(64),
        name: z.string().min(1).max(100),
        provider: Provider,
        mandatory: z.boolean(),
      }),
    )
    .max(20)
    .optional(),
});
export type RuleOverride = z.infer<typeof RuleOverride>;

export const PaperworkSettings = z.object({
  verifier: z.string().max(50).default(''),
  /**
   * 中心学校审批备案: where the township's 中心学校 approves and files every transfer (篇五 §7 "转学必须经中心
   * 学校审批备案"), a transfer's checklist has that step. Off by default: not every school has a 中心学校 above it.
   */
  centralApproval: z.boolean().default(false),
  /**
   * The longest a child may stay on 休学 in a row, 续休 included, in months. domain.md §4: "Normally at most
   * one year (some provinces: two years in a row at most)": Baoxue reads the one year as each term's length
   * when the host shows none, and takes two years in a row as the limit; a province with a one-year limit
   * sets 12.
   */
  suspensionLimitMonths: z.number().int().min(6).max(60).default(24),
  overrides: z.record(z.string().max(64), RuleOverride).default({}),
});
export type PaperworkSettings = z.infer<typeof PaperworkSettings>;
