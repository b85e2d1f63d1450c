// dothi indicators compute --workspace W --units LAYER: runs the engine's calculators over the
// workspace's layers and stores each result with the layer versions it used, with a progress bar.

import { DothiError } from '@dothi/engine';
import { computeAndStore } from '../../indicators/compute-job.ts';
import type { Ctx } from '../main.ts';
import { makeProgress, printJson, printTable, say } from '../output.ts';
import type { ProgressMode } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { withStoreWrite } from './store.ts';

export async function indicatorsCompute({ out, flags }: Ctx): Promise<void> {
  const workspace = requireWorkspace(flags);
  if (!flags.units) throw new DothiError('DOTHI_USAGE', { detail: 'dothi indicators compute --workspace W --units LAYER [--calculators a,b] [--unit-id COLUMN]' });
  const mode = (flags.progress ?? (process.stderr.isTTY && !out.json ? 'bar' : 'none')) as ProgressMode;
  if (!['bar', 'json', 'none'].includes(mode)) throw new DothiError('DOTHI_USAGE', { detail: '--progress must be bar, json or none' });
  const calculators = flags.calculators?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const progress = makeProgress(out, mode);
  const report = await withStoreWrite(flags, { workspace, command: 'indicators compute' }, (db) =>
    computeAndStore(db, workspace, {
      unitsLayer: flags.units as string,
      ...(flags['unit-id'] ? { unitIdColumn: flags['unit-id'] } : {}),
      ...(calculators ? { calculators } : {}),
    }, () => new Date(), (phase, fraction) => progress.update(phase, fraction)),
  ).finally(() => progress.stop());
  if (out.json) return printJson(out, report);
  say(out, 'computed', { n: report.runs.length, units: report.units.count, layer: report.units.layerId, ws: workspace });
  printTable(out, report.runs.map((r) => ({
    calculator: r.calculator, result: r.result_id, unit: r.unit, whole: r.whole === null ? '—' : Number(r.whole.toPrecision(6)),
  })), ['calculator', 'result', 'unit', 'whole']);
  for (const s of report.skipped) say(out, 'compute_skipped', { calculator: s.calculator, why: out.lang === 'vi' ? s.vi : s.en });
}
