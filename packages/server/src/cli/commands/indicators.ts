// dothi indicators list|import|export, dothi targets set|list, dothi progress: monitoring from the
// command line, with the same checks and all-or-nothing imports as the API.

import fs from 'node:fs';
import path from 'node:path';
import { DothiError } from '@dothi/engine';
import { loadCatalogs } from '../../indicators/catalogs.ts';
import { exportObservationsCsv, importObservationsCsv } from '../../monitoring/observations-csv.ts';
import type { RowProblem } from '../../monitoring/observations.ts';
import { progressFor } from '../../monitoring/progress-query.ts';
import { COMPARATORS, listTargets, setTarget } from '../../monitoring/targets.ts';
import type { Comparator } from '../../monitoring/targets.ts';
import { listCustomIndicators } from '../../monitoring/custom-indicators.ts';
import type { Ctx } from '../main.ts';
import { printJson, printTable, say } from '../output.ts';
import { t } from '../messages.ts';
import { requireWorkspace } from './import.ts';
import { withStore, withStoreWrite } from './store.ts';

interface ListedIndicator {
  id: string;
  framework: string;
  unit: string;
  direction: string;
  name: string;
}

interface EntryLike {
  id: string;
  framework?: string;
  unit?: string | null;
  direction?: number | null;
  name?: { en: string; vi: string };
}

function listed(e: EntryLike, lang: 'en' | 'vi'): ListedIndicator {
  return {
    id: e.id,
    framework: e.framework ?? '',
    unit: e.unit ?? '',
    direction: e.direction === 1 ? '+1' : e.direction === -1 ? '-1' : '',
    name: e.name?.[lang] ?? '',
  };
}

export async function indicatorsList({ out, flags }: Ctx): Promise<void> {
  const all = loadCatalogs().indicators as unknown as readonly EntryLike[];
  let entries = all.filter((e) => !flags.framework || e.framework === flags.framework);
  if (flags.workspace) {
    const ws = flags.workspace;
    const custom = await withStore(flags, (db) => listCustomIndicators(db, ws));
    if (!flags.framework || flags.framework === 'custom') entries = [...entries, ...custom.map((c) => c.definition as unknown as EntryLike)];
  }
  if (flags.framework && entries.length === 0) throw new DothiError('DOTHI_USAGE', { detail: `no indicators in framework "${flags.framework}"` });
  if (out.json) printJson(out, entries);
  else printTable(out, entries.map((e) => listed(e, out.lang)), ['id', 'framework', 'unit', 'direction', 'name']);
}

function printRows(out: Ctx['out'], rows: readonly RowProblem[]): void {
  out.stderr(`${t(out.lang, 'bad_rows')}:\n`);
  for (const r of rows) out.stderr(`  ${t(out.lang, 'row')} ${r.row}: ${r.reason}\n`);
}

export async function indicatorsImport({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const file = args[0];
  if (!file) throw new DothiError('DOTHI_USAGE', { detail: 'dothi indicators import FILE.csv --workspace W' });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DothiError('DOTHI_USAGE', { detail: `cannot read ${file}: ${(e as Error).message}` });
  }
  try {
    const report = await withStoreWrite(flags, { workspace: ws, command: 'indicators import', target: path.basename(file) }, (db) => importObservationsCsv(db, ws, text, { file: path.basename(file), clock: () => new Date() }));
    if (out.json) printJson(out, report);
    else say(out, 'observations_imported', { file: report.file, ws, rows: report.rows, inserted: report.inserted, updated: report.updated });
  } catch (e) {
    // People see every bad row, not only the first; --json carries them in the error's data.
    if (!out.json && e instanceof DothiError && e.code === 'DOTHI_OBSERVATION_IMPORT_INVALID') printRows(out, (e.data as { rows: RowProblem[] }).rows);
    throw e;
  }
}

export async function indicatorsExport({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const csv = await withStore(flags, (db) => exportObservationsCsv(db, ws, { indicator: flags.indicator, unit: flags.unit }));
  if (!flags.out) {
    out.stdout(csv);
    return;
  }
  fs.writeFileSync(flags.out, csv);
  const rows = csv.split('\r\n').length - 2;
  if (out.json) printJson(out, { file: flags.out, rows });
  else say(out, 'observations_exported', { file: flags.out, rows });
}

function number(v: string | undefined, what: string): number {
  const n = v === undefined ? Number.NaN : Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n)) throw new DothiError('DOTHI_USAGE', { detail: `${what} must be a number, not "${v ?? ''}"` });
  return n;
}

export async function targetsSet({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const [indicator, unit, year, value] = args;
  if (!indicator || !unit || year === undefined || value === undefined) {
    throw new DothiError('DOTHI_USAGE', { detail: 'dothi targets set INDICATOR UNIT YEAR VALUE --workspace W [--comparator at_least|at_most] [--source TEXT]' });
  }
  const comparator = flags.comparator as Comparator | undefined;
  if (comparator !== undefined && !COMPARATORS.includes(comparator)) throw new DothiError('DOTHI_USAGE', { detail: `--comparator must be ${COMPARATORS.join(' or ')}` });
  const y = number(year, 'YEAR');
  const target = await withStoreWrite(flags, { workspace: ws, command: 'targets set' }, (db) =>
    setTarget(db, ws, { indicator_id: indicator, unit_code: unit, year: y, value: number(value, 'VALUE'), comparator, source: flags.source ?? null, note: flags.note ?? null }),
  );
  if (out.json) printJson(out, target);
  else say(out, 'target_set', { indicator: target.indicator_id, unit: target.unit_code, year: target.year, comparator: target.comparator, value: target.value });
}

export async function targetsList({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const rows = await withStore(flags, (db) => listTargets(db, ws, { indicator: flags.indicator, unit: flags.unit }));
  if (out.json) printJson(out, rows);
  else printTable(out, rows, ['indicator_id', 'unit_code', 'year', 'comparator', 'value', 'source']);
}

const fmt = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined ? '' : String(Number(v.toPrecision(digits))));

export async function progressCommand({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const baselineYear = flags.baseline === undefined ? undefined : number(flags.baseline, '--baseline');
  const rows = await withStore(flags, (db) => progressFor(db, ws, { indicator: flags.indicator, unit: flags.unit, baselineYear }));
  if (out.json) {
    printJson(out, rows);
    return;
  }
  printTable(out, rows.map((r) => ({
    indicator: r.indicator_id,
    unit: r.unit_code,
    status: t(out.lang, `status_${r.progress.status}`),
    baseline: r.progress.baseline ? `${fmt(r.progress.baseline.value)} (${r.progress.baseline.period ?? ''})` : '',
    latest: r.progress.latest ? `${fmt(r.progress.latest.value)} (${r.progress.latest.period ?? ''})` : '',
    target: r.assessed_target ? `${r.assessed_target.comparator === 'at_most' ? '≤' : '≥'}${fmt(r.assessed_target.value)} (${r.assessed_target.year})` : '',
    ratio: fmt(r.progress.progressValue, 3),
    projection: r.progress.projection ? fmt(r.progress.projection.value) : '',
  })), ['indicator', 'unit', 'status', 'baseline', 'latest', 'target', 'ratio', 'projection']);
}
