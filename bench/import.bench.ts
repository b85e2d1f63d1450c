// Import of a city-scale OSM extract (Las Palmas, 3.3 MB PBF, ~55k features) by dothi, side by side
// with the peer: GDAL's ogr2ogr loading the same PBF into PostGIS (../shared/reference/peer-baselines.md,
// "PBF → PostGIS with ogr2ogr", 1.20 s there). Reported as ratios; never asserted in tests.
//
// The two do different amounts of work, and the table says so: ogr2ogr COPYs GDAL's raw points /
// lines / multipolygons; dothi also splits sectors, maps attributes, checks every feature against its
// kind, validates every geometry with GEOS, and writes an immutable version with its report.

import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { openEmbeddedStore } from '../packages/server/src/store/pglite-store.ts';
import { openPgStore } from '../packages/server/src/store/pg-store.ts';
import { migrate } from '../packages/server/src/store/migrations.ts';
import type { Db } from '../packages/server/src/store/db.ts';
import { createWorkspace } from '../packages/server/src/store/workspaces.ts';
import { importFile } from '../packages/server/src/imports/import-file.ts';
import { EXAMPLES_DIR } from '../packages/server/src/demo/demo.ts';

const PBF = path.join(EXAMPLES_DIR, 'las-palmas/las-palmas-2023-02-21.osm.pbf');
const RUNS = Number(process.env.DOTHI_BENCH_RUNS ?? 3);
const admin = process.env.DOTHI_BENCH_PG_URL;
if (!admin) throw new Error('run through `npm run bench`, which starts the PostgreSQL cluster');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function freshDb(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  return admin!.replace(/\/[^/]*$/, `/${name}`);
}

/** Peak RSS sampled while fn runs: this process's memory, including PGlite's WASM heap. */
async function measure(fn: () => Promise<void>): Promise<{ ms: number; rssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { ms, rssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
}

async function dothiImport(db: Db, run: number): Promise<number> {
  const ws = `bench-${run}`;
  await createWorkspace(db, ws);
  const r = await importFile(db, {
    workspace: ws, paths: [PBF], onInvalid: 'repair', importer: 'bench', clock: () => new Date(),
    limits: { maxBytes: 2 ** 31, maxFeatures: 10_000_000 },
  });
  return r.imported;
}

async function main(): Promise<void> {
  const peer: number[] = [];
  let peerRss = 0;
  const port = new URL(admin!).port;
  for (let i = 0; i <= RUNS; i++) {
    const url = await freshDb('bench_peer');
    execFileSync('psql', [url, '-qc', 'create extension postgis']);
    const t0 = performance.now();
    // GNU time's %M is the peak RSS of ogr2ogr in KiB; its own start-up is noise next to the load.
    const t = spawnSync('/usr/bin/time', ['-f', '%M', 'ogr2ogr', '-f', 'PostgreSQL', `PG:host=127.0.0.1 port=${port} user=postgres dbname=bench_peer`, PBF, '--config', 'PG_USE_COPY', 'YES'], { encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (t.status !== 0) throw new Error(`ogr2ogr failed: ${t.stderr}`);
    peerRss = Math.max(peerRss, Number(t.stderr.trim().split('\n').pop()) / 1024);
    if (i > 0) peer.push(ms); // the first run warms caches
  }

  const server: number[] = [];
  let serverRss = 0;
  let features = 0;
  for (let i = 0; i <= RUNS; i++) {
    const db = await openPgStore(await freshDb('bench_dothi'));
    await migrate(db);
    const m = await measure(async () => void (features = await dothiImport(db, i)));
    await db.close();
    if (i > 0) server.push(m.ms);
    serverRss = Math.max(serverRss, m.rssMb);
  }

  const embedded: number[] = [];
  let embeddedRss = 0;
  for (let i = 0; i <= RUNS; i++) {
    const db = await openEmbeddedStore();
    await migrate(db);
    const m = await measure(async () => void (features = await dothiImport(db, i)));
    await db.close();
    if (i > 0) embedded.push(m.ms);
    embeddedRss = Math.max(embeddedRss, m.rssMb);
  }

  const p = median(peer);
  const rows = [
    ['ogr2ogr → PostGIS (peer)', p, peerRss],
    ['dothi import → PostgreSQL', median(server), serverRss],
    ['dothi import → PGlite (embedded)', median(embedded), embeddedRss],
  ] as const;
  console.log(`\nImport of las-palmas-2023-02-21.osm.pbf (${features} features kept by dothi), median of ${RUNS} runs after a warm-up\n`);
  console.log('| importer | median time | × peer | peak RSS of the importing process |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ms, rss] of rows) console.log(`| ${name} | ${(ms / 1000).toFixed(2)} s | ${(ms / p).toFixed(1)} | ${rss.toFixed(0)} MB |`);
}

await main();
