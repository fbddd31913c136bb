/**
 * Everything the school's lists derive, brought up to date from the store alone: paperwork tasks and the
 * at-risk list with its ladder tasks. The dashboard does this while open; the background does it on an
 * alarm, so 待办 is current when a teacher opens it even if no page was open for a day.
 */
import type { BaoxueDatabase } from '../db/database';
import { paperworkConsequences } from '../paperwork/consequences';
import { contextFrom, type PaperworkSettings } from '../paperwork/settings';
import {
  type CaseCheck,
  loadChecks,
  readSettings,
  syncPaperworkTasks,
  todayString,
} from '../paperwork/store';
import { applyLadder } from './ladder';
import { type RefreshResult, type RiskIndexInputs, refreshRiskIndex } from './riskIndex';
import type { RiskOptions } from './store';

/** The school's risk settings (ladder, term start, calendar) as the computation takes them. */
function riskOptions(settings: PaperworkSettings): RiskOptions {
  return {
    calendar: contextFrom(settings).calendar,
    ladder: applyLadder(settings.ladder),
    termStart: settings.termStart,
    excused: settings.excusedHalfDay,
  };
}

/** What the risk list is computed from, given the cases' checklists and the school's settings. */
export function riskInputs(
  checks: CaseCheck[],
  settings: PaperworkSettings,
  now = Date.now(),
): RiskIndexInputs {
  return {
    paperwork: paperworkConsequences(checks, now).atRisk,
    today: todayString(new Date(now)),
    now,
    opts: riskOptions(settings),
  };
}

export async function refreshDerived(db: BaoxueDatabase, now = Date.now()): Promise<RefreshResult> {
  const today = todayString(new Date(now));
  const [settings, checks] = await Promise.all([readSettings(db), loadChecks(db, today)]);
  await syncPaperworkTasks(db, checks, now);
  return refreshRiskIndex(db, riskInputs(checks, settings, now));
}
