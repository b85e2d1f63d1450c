// dothi indicators compute --workspace W --units LAYER: runs the engine's calculators over the
// workspace's layers and stores each result with the layer versions it used, with a progress bar.

import { DothiError } from '@dothi/engine';
import { computeAndStore } from '../../indicators/compute-job.ts';
import type { Ctx } from '../main.ts';
import { makeProgress, printJson, printTable, say } from '../output.ts';
import type { ProgressMode } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { withStoreWrite } from './store.ts';
import { remoteFrom } from '../remote.ts';
import { remoteCompute } from './remote-data.ts';

export async function indicatorsCompute({ out, flags }: Ctx): Promise<void> {
  const workspace = requireWorkspace(flags);
  if (!flags.units) throw new DothiError('DOTHI_USAGE', { detail: 'dothi indicators compute --workspace W --units LAYER [--calculators a,b] [--unit-id COLUMN]' });
  const mode = (flags.progress ?? (process.stderr.isTTY && !out.json ? 'bar' : 'none')) as ProgressMode;
  if (!['bar', 'json', 'none'].includes(mode)) throw new DothiError('DOTHI_USAGE', { detail: '--progress must be bar, json or none' });
  const calculators = flags.calculators?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const progress = makeProgress(out, mode);
  const opts = {
    unitsLayer: flags.units,
    ...(flags['unit-id'] ? { unitIdColumn: flags['unit-id'] } : {}),
    ...(calculators ? { calculators } : {}),
  };
  const onProgress = (phase: string, fraction: number): void => progress.update(phase, fraction);
  const remote = remoteFrom(flags, process.env, out.lang);
  const report = await (remote
    ? remoteCompute(remote, workspace, opts, onProgress)
    : withStoreWrite(flags, { workspace, command: 'indicators compute' }, (db) => computeAndStore(db, workspace, opts, () => new Date(), onProgress))
  ).finally(() => progress.stop());
  if (out.json) return printJson(out, report);
  say(out, 'computed', { n: report.runs.length, units: report.units.count, layer: report.units.layerId, ws: workspace });
  printTable(out, report.runs.map((r) => ({
    calculator: r.calculator, result: r.result_id, unit: r.unit, whole: r.whole === null ? '—' : Number(r.whole.toPrecision(6)),
  })), ['calculator', 'result', 'unit', 'whole']);
  for (const s of report.skipped) say(out, 'compute_skipped', { calculator: s.calculator, why: out.lang === 'vi' ? s.vi : s.en });
}
