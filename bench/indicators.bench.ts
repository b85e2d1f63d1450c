// Indicators and composite indices (issue 5 §6), run by `npm run bench` after the analysis workloads:
//   I1  every indicator the Las Palmas extract can feed (the demo's 1 km analysis grid as units), computed
//       from the store the way `dothi indicators compute` does: reading the layers and running the engine,
//       one thread. Goal: under 5 s.
//   I1M the same catalog on the synthetic city M (300,000 buildings, ~60,000 road segments, 1,000 zones as
//       units; bench/synth/city.ts, seed 42), imported as dothi layers. Full runs only (not --quick).
//   I2  COINr's ASEM example (51 units × 49 indicators) with 10,000 Monte Carlo replications and the
//       variance-based sensitivity indices, one thread. Goal: under 2 s.
// No peer does these jobs in PostgreSQL, so the rows carry a goal instead of a ratio (peer null). The rows
// are added to bench/results/latest.json (and full-latest.json after a full run) beside W1–W5.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composite } from '../packages/engine/src/index.ts';
import { openPgStore } from '../packages/server/src/store/pg-store.ts';
import { migrate } from '../packages/server/src/store/migrations.ts';
import { createWorkspace } from '../packages/server/src/store/workspaces.ts';
import { importFile } from '../packages/server/src/imports/import-file.ts';
import { DEMO, EXAMPLES_DIR } from '../packages/server/src/demo/demo.ts';
import { loadDemoIndicators } from '../packages/server/src/demo/demo-indicators.ts';
import { computeIndicators } from '../packages/server/src/indicators/compute.ts';
import { freshDb } from './lib/pg.ts';
import { synthCity } from './synth/city.ts';
import type { SynthLayer } from './synth/city.ts';
import os from 'node:os';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = path.join(HERE, '..');
const RUNS = Number(process.env.DOTHI_BENCH_RUNS ?? 3);
const quick = process.argv.includes('--quick');
const admin = process.env.DOTHI_BENCH_PG_URL;
if (!admin) throw new Error('run through `npm run bench`, which starts the PostgreSQL cluster');

export interface GoalRow {
  workload: string;
  dataset: string;
  ours_ms: number;
  peer: null;
  peer_ms: null;
  ratio: null;
  ours_rss_mb: number;
  /** Null where the issue sets no goal (the synthetic city M is measured, not held to a time). */
  goal_ms: number | null;
  meets_goal: boolean | null;
  runs_ms: number[];
  note: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number): number => Math.round(x * 100) / 100;

async function timed(fn: () => Promise<unknown> | unknown): Promise<{ runs: number[]; rssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  clearInterval(timer);
  return { runs, rssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
}

function row(workload: string, dataset: string, t: { runs: number[]; rssMb: number }, goal: number | null, note: string): GoalRow {
  const ms = median(t.runs);
  return { workload, dataset, ours_ms: round(ms), peer: null, peer_ms: null, ratio: null, ours_rss_mb: round(t.rssMb), goal_ms: goal,
    meets_goal: goal === null ? null : ms < goal, runs_ms: t.runs.map(round), note };
}

async function lasPalmasCatalog(): Promise<GoalRow> {
  const set = DEMO.find((d) => d.workspace === 'las-palmas');
  if (!set) throw new Error('the demo has no Las Palmas set');
  const db = await openPgStore(await freshDb(admin!, 'dothi_bench_indicators'));
  try {
    await migrate(db);
    await createWorkspace(db, set.workspace, set.name, set.kind);
    const clock = (): Date => new Date();
    await importFile(db, { workspace: set.workspace, paths: [path.join(EXAMPLES_DIR, set.file)], name: set.layerName, onInvalid: 'repair',
      importer: 'bench', limits: { maxBytes: 2 ** 31, maxFeatures: 10_000_000 }, clock });
    // The demo's grid, and a first computation (stored, as the demo does) that also warms the caches.
    await loadDemoIndicators(db, set.workspace, set.indicators, clock);
    const units = `grid-${set.indicators.cellMetres}m`;
    let computed = 0;
    let skipped: string[] = [];
    let cells = 0;
    const t = await timed(async () => {
      const r = await computeIndicators(db, set.workspace, { unitsLayer: units });
      computed = r.results.length;
      skipped = r.skipped.map((s) => `${s.calculator} (no ${s.role} layer)`);
      cells = r.units.count;
    });
    return row('I1', 'las-palmas', t, 5000,
      `${computed} indicators on ${cells} grid cells, layers read from PostgreSQL and computed in one thread; skipped: ${skipped.join(', ') || 'none'}`);
  } finally {
    await db.close();
  }
}

/** One synthetic layer as a GeoJSON file in EPSG:32628 metres, with the attributes dothi's kind wants. */
function writeLayer(file: string, l: SynthLayer, props: (i: number) => Record<string, string | number>, keep: (i: number) => boolean = () => true): void {
  const ring = (flat: number[]): number[][] => Array.from({ length: flat.length / 2 }, (_, k) => [flat[2 * k] as number, flat[2 * k + 1] as number]);
  const lines: string[] = [];
  l.geoms.forEach((parts, i) => {
    if (!keep(i)) return;
    const geometry = l.kind === 'point' ? { type: 'Point', coordinates: ring(parts[0]![0]!)[0] }
      : l.kind === 'line' ? { type: 'LineString', coordinates: ring(parts[0]![0]!) }
        : parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]!.map(ring) } : { type: 'MultiPolygon', coordinates: parts.map((p) => p.map(ring)) };
    lines.push(JSON.stringify({ type: 'Feature', id: i + 1, properties: props(i), geometry }));
  });
  fs.writeFileSync(file, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}

/** The polygon's first ring's centroid (vertex mean): a household point inside a convex footprint. */
function centre(parts: number[][][]): [number, number] {
  const flat = parts[0]![0]!;
  let x = 0, y = 0;
  const n = flat.length / 2 - 1;
  for (let k = 0; k < n; k++) { x += flat[2 * k] as number; y += flat[2 * k + 1] as number; }
  return [x / n, y / n];
}

async function syntheticCatalog(): Promise<GoalRow> {
  const city = synthCity('M', 42);
  const L = city.layers;
  const ws = 'synthetic-m';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-bench-synth-'));
  const db = await openPgStore(await freshDb(admin!, 'dothi_bench_indicators_m'));
  try {
    await migrate(db);
    await createWorkspace(db, ws, 'Synthetic city M', 'city');
    const str = (l: SynthLayer, a: string, i: number): string => String(l.attrs[a]?.[i] ?? '');
    const GREEN = new Set(['grass', 'park', 'forest']);
    const population: SynthLayer = { kind: 'point', attrs: {}, geoms: [] };
    L.buildings.geoms.forEach((g, i) => {
      if (['residential', 'apartments'].includes(str(L.buildings, 'building', i))) population.geoms.push([[centre(g)]]);
    });
    const files: Array<{ name: string; kind: string; write: (f: string) => void }> = [
      { name: 'zones', kind: 'admin_units', write: (f) => writeLayer(f, L.zones, (i) => ({ code: `Z${str(L.zones, 'id', i)}`, name: `Zone ${str(L.zones, 'col', i)}-${str(L.zones, 'row', i)}` })) },
      { name: 'buildings', kind: 'buildings', write: (f) => writeLayer(f, L.buildings, (i) => ({ use: str(L.buildings, 'building', i), levels: 1 + (i % 5) })) },
      { name: 'roads', kind: 'roads', write: (f) => writeLayer(f, L.roads, (i) => ({ highway: str(L.roads, 'highway', i) })) },
      { name: 'stops', kind: 'transit_stops', write: (f) => writeLayer(f, L.stops, (i) => ({ name: str(L.stops, 'name', i) })) },
      { name: 'amenities', kind: 'amenities', write: (f) => writeLayer(f, L.amenities, (i) => ({ amenity: str(L.amenities, 'amenity', i) })) },
      { name: 'landuse', kind: 'land_use', write: (f) => writeLayer(f, L.landuse, (i) => ({ class: str(L.landuse, 'landuse', i) })) },
      { name: 'green', kind: 'green_spaces', write: (f) => writeLayer(f, L.landuse, (i) => ({ type: str(L.landuse, 'landuse', i) }), (i) => GREEN.has(str(L.landuse, 'landuse', i))) },
      // A modelled household of four at each residential building.
      { name: 'population', kind: 'population', write: (f) => writeLayer(f, population, () => ({ population: 4, households: 1 })) },
    ];
    const clock = (): Date => new Date();
    for (const l of files) {
      const file = path.join(tmp, `${l.name}.geojson`);
      l.write(file);
      await importFile(db, { workspace: ws, paths: [file], kind: l.kind, name: l.name, crs: 'EPSG:32628', onInvalid: 'repair',
        importer: 'bench', limits: { maxBytes: 2 ** 31, maxFeatures: 10_000_000 }, clock });
      fs.rmSync(file);
    }
    let computed = 0;
    let skipped: string[] = [];
    let units = 0;
    const t = await timed(async () => {
      const r = await computeIndicators(db, ws, { unitsLayer: 'zones' });
      computed = r.results.length;
      skipped = r.skipped.map((x) => `${x.calculator} (no ${x.role} layer)`);
      units = r.units.count;
    });
    return row('I1M', 'synthetic-M', t, null,
      `${computed} indicators on ${units} zones of the synthetic city M (300,000 buildings, ${L.roads.geoms.length.toLocaleString('en')} road segments, ${population.geoms.length.toLocaleString('en')} modelled households), layers read from PostgreSQL, one thread; skipped: ${skipped.join(', ') || 'none'}`);
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function asemMonteCarlo(): Promise<GoalRow> {
  const dir = path.join(REPO, 'packages/engine/test/fixtures/coinr-asem');
  const input = composite.readCoinr(fs.readFileSync(path.join(dir, 'ASEM_iData.csv'), 'utf8'), fs.readFileSync(path.join(dir, 'ASEM_iMeta.csv'), 'utf8'));
  const spec = JSON.parse(fs.readFileSync(path.join(REPO, 'examples/index-specs/asem-uncertainty.json'), 'utf8')) as unknown;
  let units = 0;
  const t = await timed(() => {
    units = composite.runUncertainty(input, spec, { replications: 10_000, seed: 42 }).units.length;
  });
  return row('I2', 'coinr-asem', t, 2000, `10,000 replications over weights, normalisation and aggregation with first-order and total sensitivity indices; ${units} units ranked`);
}

function save(rows: GoalRow[]): string[] {
  const out = path.join(HERE, 'results');
  fs.mkdirSync(out, { recursive: true });
  const files = quick ? ['latest.json'] : ['latest.json', 'full-latest.json'];
  for (const f of files) {
    const file = path.join(out, f);
    const old = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ workload: string }>) : [];
    const kept = old.filter((r) => !rows.some((n) => n.workload === r.workload));
    fs.writeFileSync(file, JSON.stringify([...kept, ...rows], null, 2) + '\n');
  }
  return files;
}

const rows = [await lasPalmasCatalog(), ...(quick ? [] : [await syntheticCatalog()]), await asemMonteCarlo()];
for (const r of rows) {
  console.log(`  ${r.workload.padEnd(4)} ${r.dataset}: ${r.ours_ms.toFixed(0)} ms (${r.goal_ms === null ? 'no goal' : `goal < ${r.goal_ms} ms: ${r.meets_goal ? 'met' : 'NOT met'}`}), rss ${r.ours_rss_mb.toFixed(0)} MB; ${r.note}`);
}
console.log(`wrote ${save(rows).map((f) => `bench/results/${f}`).join(', ')}`);
