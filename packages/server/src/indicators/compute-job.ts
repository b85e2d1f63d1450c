// Computing a workspace's indicators as a job: the calculators run over the stored layers
// (compute.ts), each result is stored with its provenance (monitoring/results.ts), and progress is
// reported per calculator for the CLI's bar and the web's progress indicator.

import type { Db } from '../store/db.ts';
import { runJob } from '../jobs/jobs.ts';
import { saveIndicatorRuns } from '../monitoring/results.ts';
import { computeIndicators } from './compute.ts';
import type { ComputeOptions, ComputeReport } from './compute.ts';

export type ComputeRunOptions = Omit<ComputeOptions, 'onProgress'>;

export interface ComputeRunReport {
  job_id: string;
  units: ComputeReport['units'];
  /** One stored run per calculator: its result id (GET /api/workspaces/:ws/results/:id) and the whole-area value. */
  runs: Array<{ calculator: string; version: string; result_id: number; unit: string; whole: number | null; values: number }>;
  skipped: ComputeReport['skipped'];
}

export async function computeAndStore(
  db: Db,
  workspace: string,
  opts: ComputeRunOptions,
  clock: () => Date,
  onProgress?: (phase: string, fraction: number, message?: string) => void,
  onJobStarted?: (jobId: string) => void,
): Promise<ComputeRunReport> {
  const input = { units_layer: opts.unitsLayer, unit_id_column: opts.unitIdColumn ?? null, calculators: opts.calculators ?? null, layers: opts.layers ?? null };
  const { result } = await runJob(db, workspace, 'indicators.compute', input, clock, async (progress, jobId) => {
    const report = (p: string, f: number, m?: string): void => { progress(p, f, m); onProgress?.(p, f, m); };
    report('read', 0);
    const computed = await computeIndicators(db, workspace, {
      ...opts,
      // Calculators take 90 % of the bar; storing the results the rest.
      onProgress: (calculator, done, total) => report('compute', total > 0 ? (0.9 * done) / total : 0.9, calculator),
    });
    // One transaction for the whole computation: a job that fails or is killed stores no run at all.
    const ids = await saveIndicatorRuns(db, workspace, computed.results.map((r) => ({
      calculator: r.calculator, version: r.version, unit: r.unit, whole: r.whole, inputs: r.inputs,
      // The note column is text: a bilingual note is kept as its JSON ({"en":…,"vi":…}).
      values: r.values.map((v) => ({ unitId: v.unitId, value: v.value, ...(v.note ? { note: JSON.stringify(v.note) } : {}) })),
    })), clock, (done) => report('write', 0.9 + (0.1 * done) / computed.results.length, computed.results[done - 1]?.calculator));
    const runs: ComputeRunReport['runs'] = computed.results.map((r, i) => ({
      calculator: r.calculator, version: r.version, result_id: ids[i]!, unit: r.unit, whole: r.whole, values: r.values.length,
    }));
    report('done', 1);
    return { job_id: jobId, units: computed.units, runs, skipped: computed.skipped };
  }, onJobStarted);
  return result;
}
