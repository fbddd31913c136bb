/**
 * One pass of the derive engine: everything the school's lists derive, brought up to date from the store
 * alone — the cases' checklists, paperwork tasks, and the 风险名单 with its ladder tasks — recomputing only
 * the students something changed for (a new day or changed settings: everyone). The background worker
 * runs it on every change (lib/derive/engine.ts); nothing else writes derived data.
 */
import type { BaoxueDatabase } from '../db/types';
import type { CaseCheck } from '../paperwork/checks';
import { paperworkConsequences } from '../paperwork/consequences';
import { contextFrom } from '../paperwork/context';
import type { RiskOptions } from '../risk/engine';
import { applyLadder } from '../risk/ladder';
import type { Settings } from '../settings/settings';
import { readSettings } from '../settings/store';
import { todayString } from '../time/day';
import { currentChecks } from './paperwork';
import { type RefreshResult, type RiskIndexInputs, refreshRiskIndex } from './riskIndex';
import { syncPaperworkTasks } from './tasks';

/**
 * The school's risk settings (ladder, term start, calendar) as the computation takes them: the 风险名单 and
 * the charts use the same, so a tier counts alike on both.
 */
export function riskOptions(settings: Settings): RiskOptions {
  return {
    calendar: contextFrom(settings).calendar,
    ladder: applyLadder(settings.ladder),
    termStart: settings.termStart,
    excused: settings.excusedHalfDay,
  };
}

/** What the risk list is computed from, given the cases' checklists and the school's settings. */
export function riskInputs(checks: CaseCheck[], settings: Settings, now = Date.now()): RiskIndexInputs {
  return {
    paperwork: paperworkConsequences(checks, now).atRisk,
    today: todayString(new Date(now)),
    now,
    opts: riskOptions(settings),
  };
}

export async function refreshDerived(db: BaoxueDatabase, now = Date.now()): Promise<RefreshResult> {
  const today = todayString(new Date(now));
  const settings = await readSettings(db);
  const checks = await currentChecks(db, today, settings);
  await syncPaperworkTasks(db, checks, now);
  return refreshRiskIndex(db, riskInputs(checks, settings, now));
}
