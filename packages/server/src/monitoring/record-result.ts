// A computed run recorded as observations: each unit's value (and the whole workspace's) becomes the
// value of the run's catalog indicator for a period, so computed indicators join the time series,
// progress and benchmarks like figures from a statistics office. The source names the run, calculator
// and layer versions, so every observation can be traced back to what it was computed from.

import { DothiError, parsePeriod } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { knownIndicators } from './known-indicators.ts';
import { WHOLE_WORKSPACE, writeObservations } from './observations.ts';
import type { CheckedObservation, Quality, WriteCounts } from './observations.ts';
import { getResult } from './results.ts';
import type { StoredRun } from './results.ts';

export interface RecordOptions {
  /** The period the values describe (the date of the data, not of the computation): 2026, 2026-H1, 2026-Q1, 2026-01. */
  period: string;
  quality: Quality;
  /** Indicator id to record under; dothi:<calculator> when absent. */
  indicator?: string;
}

/** What an observation's source says about the run it came from. */
export function runSource(run: StoredRun): string {
  const layers = run.inputs.map((i) => `${i.role} ${i.layerId}@${i.version}`).join(', ');
  return `dothi result #${run.result_id}: ${run.calculator} ${run.calculator_version} (${layers})`;
}

export async function recordResult(db: Db, workspace: string, resultId: number, opts: RecordOptions): Promise<WriteCounts & { indicator_id: string }> {
  const run = await getResult(db, workspace, resultId);
  const indicator = opts.indicator ?? `dothi:${run.calculator}`;
  const known = await knownIndicators(db, workspace);
  if (!known.has(indicator)) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { indicator, workspace });
  const period = parsePeriod(opts.period);
  const source = runSource(run);
  const rows: CheckedObservation[] = [...run.values.map((v) => ({ unit: v.unit_code, value: v.value })), { unit: WHOLE_WORKSPACE, value: run.whole }]
    .filter((v): v is { unit: string; value: number } => v.value !== null && Number.isFinite(v.value))
    .map((v) => ({
      indicator_id: indicator, unit_code: v.unit, period: period.text, period_start: period.start, value: v.value,
      source, quality: opts.quality, note: null,
    }));
  const counts = await db.transaction((tx) => writeObservations(tx, workspace, rows, `result-${run.result_id}`));
  return { ...counts, indicator_id: indicator };
}
