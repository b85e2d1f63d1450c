// Fuzzing the importers with mutated real files: each run must end in a report whose counts add up
// (imported + rejected = read, every rejected record with its reason) or in a coded error, within a
// time limit, and a failed import must leave every table as it was. Used by the short test in
// `npm test` and by the long run in bench/ (same code, more runs).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DothiError } from '@dothi/engine';
import type { Db } from '../../src/store/db.ts';
import { storeChecksums } from '../../src/store/checksums.ts';
import { importFile } from '../../src/imports/import-file.ts';
import type { ImportReport } from '../../src/imports/import-file.ts';
import type { OnInvalid } from '../../src/imports/write-version.ts';
import { mutate, rng } from './mutate.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface FuzzSeed {
  format: string;
  /** The files of one dataset (one, or a shapefile's parts); any one of them is mutated per run. */
  files: string[];
  text: boolean;
  /** The layer kind when the format does not name it (OSM and multi-layer GeoPackages map their own). */
  kind?: string;
}

/** Real files, one per importer (sources in the fixtures' README and licence files). */
export const SEEDS: readonly FuzzSeed[] = [
  { format: 'geojson', files: ['osm-geojson/hcmc-d1-d3-bus_stops.geojson'], text: true, kind: 'transit_stops' },
  { format: 'csv', files: ['formats/csv/roads_wkt.csv'], text: true, kind: 'roads' },
  { format: 'shapefile', files: ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => `formats/shp-vn2000/bus_stops.${e}`), text: false, kind: 'transit_stops' },
  { format: 'geopackage', files: ['formats/gpkg/hcmc.gpkg'], text: false, kind: 'generic' },
  { format: 'osm', files: ['reliability/hcmc-excerpt.osm'], text: true },
].map((s) => ({ ...s, files: s.files.map((f) => path.join(FIXTURES, f)) }));

export interface Failure {
  run: number;
  how: string;
  problem: string;
}

export interface FuzzOutcome {
  format: string;
  runs: number;
  imported: number;
  /** Coded errors by code. */
  coded: Record<string, number>;
  failures: Failure[];
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  workspace: string;
  tmp: string;
  timeoutMs: number;
  clock: () => Date;
  onRun?: (run: number) => void;
}

/** Everything but the job log, which records failed attempts on purpose. */
async function contentChecksums(db: Db): Promise<string> {
  const all = await storeChecksums(db);
  delete all.job;
  return JSON.stringify(all);
}

function reportProblem(r: ImportReport): string | null {
  for (const l of r.layers) {
    if (l.imported + l.rejected !== l.total) return `layer ${l.layer}: imported ${l.imported} + rejected ${l.rejected} ≠ read ${l.total}`;
    const rejected = l.features.filter((f) => !f.valid);
    if (rejected.length !== l.rejected) return `layer ${l.layer}: ${l.rejected} rejected but ${rejected.length} listed`;
    if (rejected.some((f) => !f.reason)) return `layer ${l.layer}: a rejected record without a reason`;
  }
  return r.imported === r.layers.reduce((n, l) => n + l.imported, 0) ? null : 'report totals do not add up';
}

function codedProblem(e: DothiError): string | null {
  if (e.code === 'DOTHI_INTERNAL') return `internal error: ${String(e.details.detail).split('\n')[0]}`;
  if (e.code === 'DOTHI_IMPORT_INVALID_FEATURES') {
    const features = (e.data as { features?: Array<{ id?: string; reason?: string }> } | undefined)?.features ?? [];
    if (Number(e.details.count) > 0 && (features.length === 0 || features.some((f) => !f.id || !f.reason))) return 'rejected records not listed with their reasons';
  }
  return null;
}

export async function fuzzImports(db: Db, seed: FuzzSeed, opts: FuzzOptions): Promise<FuzzOutcome> {
  const originals = seed.files.map((f) => fs.readFileSync(f));
  const out: FuzzOutcome = { format: seed.format, runs: opts.runs, imported: 0, coded: {}, failures: [] };
  const dir = path.join(opts.tmp, seed.format);
  fs.mkdirSync(dir, { recursive: true });
  const modes: OnInvalid[] = ['reject', 'skip', 'repair'];
  for (let run = 0; run < opts.runs; run++) {
    opts.onRun?.(run);
    const random = rng(opts.seed * 1_000_003 + run);
    const target = Math.floor(random() * originals.length);
    const m = mutate(originals[target] as Buffer, random, seed.text);
    const how = `${path.basename(seed.files[target] ?? '')}: ${m.how}`;
    const paths = seed.files.map((f, i) => {
      const p = path.join(dir, path.basename(f));
      fs.writeFileSync(p, i === target ? m.bytes : (originals[i] as Buffer));
      return p;
    });
    const before = await contentChecksums(db);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    });
    try {
      const report = await Promise.race([
        importFile(db, {
          workspace: opts.workspace, paths, kind: seed.kind, name: `fuzz-${seed.format}`, onInvalid: modes[run % 3] as OnInvalid,
          importer: 'fuzz', limits: { maxBytes: 50e6, maxFeatures: 100_000 }, clock: opts.clock,
        }),
        timeout,
      ]);
      const problem = reportProblem(report);
      if (problem) out.failures.push({ run, how, problem });
      else out.imported++;
    } catch (e) {
      if (e instanceof DothiError) {
        out.coded[e.code] = (out.coded[e.code] ?? 0) + 1;
        const problem = codedProblem(e) ?? ((await contentChecksums(db)) === before ? null : `${e.code} but the store changed`);
        if (problem) out.failures.push({ run, how, problem });
      } else {
        out.failures.push({ run, how, problem: e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e) });
        // A hung import may still finish later; do not judge the store by the next run's baseline.
        if (e instanceof Error && e.message.startsWith('no answer')) break;
      }
    } finally {
      clearTimeout(timer);
    }
  }
  return out;
}
