// npm run bench:load [-- --duration S --connections N]: the public-consultation load of issue 6 on
// loopback. `dothi serve` with its demo (the HCMC OpenStreetMap extract) on each backend, then N
// concurrent clients (default 200) for S seconds (default 60) against each of: the read API (a page
// of features), OGC API – Features items, and vector tiles. Reports requests per second, p50 and p99
// latency, and every error, non-2xx answer and timeout, into bench/results/load-latest.json.
// The per-client rate limit is off (DOTHI_RATE_LIMIT=0): a consultation's visitors come from many
// addresses, and from one address the limiter would answer 429 by design.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { listeningUrl } from '../../packages/server/src/cli/listening.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'packages/server/bin/dothi.js');

interface Histogram { average: number; p50: number; p99: number; max: number }
interface CannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  throughput: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Cannon = (opts: { url: string; connections: number; duration: number; timeout: number; requests: Array<{ path: string }> }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}
const DURATION = arg('duration', 60);
const CONNECTIONS = arg('connections', 200);

async function serve(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], { env: { ...process.env, ...env, DOTHI_RATE_LIMIT: '0', DOTHI_LANG: 'en' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await listeningUrl(child);
  // The server's request log would cost as much as the requests; it goes nowhere from here on.
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  return { url, child };
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

interface Target { name: string; requests: Array<{ path: string }> }

async function targets(url: string): Promise<Target[]> {
  const res = await fetch(new URL('/api/workspaces/hcmc/layers/osm-buildings', url));
  if (!res.ok) throw new Error(`the demo's building layer is missing: ${res.status}`);
  const layer = (await res.json()) as { bbox: [number, number, number, number] };
  const [w, s, e, n] = layer.bbox;
  const tiles: Array<{ path: string }> = [];
  const [x0, y1] = tileOf(w, s, 16);
  const [x1, y0] = tileOf(e, n, 16);
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ path: `/tiles/hcmc/osm-buildings/16/${x}/${y}.pbf` });
  const pages = [0, 100, 200, 300, 400];
  return [
    { name: 'read API: 100 features a page', requests: pages.map((o) => ({ path: `/api/workspaces/hcmc/layers/osm-buildings/features?limit=100&offset=${o}` })) },
    { name: 'OGC API items: 100 a page', requests: pages.map((o) => ({ path: `/ogc/hcmc/collections/osm-buildings/items?limit=100&offset=${o}` })) },
    { name: `vector tiles: the ${tiles.length} z16 tiles of the extract`, requests: tiles },
  ];
}

interface Row {
  backend: string;
  target: string;
  connections: number;
  duration_s: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mb_per_s: number;
}

async function measure(backend: string, env: NodeJS.ProcessEnv): Promise<Row[]> {
  console.log(`${backend}: starting dothi serve with the demo`);
  const s = await serve(env);
  const rows: Row[] = [];
  try {
    for (const t of await targets(s.url)) {
      const r = await autocannon({ url: s.url.replace(/\/$/, ''), connections: CONNECTIONS, duration: DURATION, timeout: 30, requests: t.requests });
      const row: Row = {
        backend, target: t.name, connections: CONNECTIONS, duration_s: DURATION, requests: r.requests.total, rps: Math.round(r.requests.average),
        p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx,
        mb_per_s: Math.round((r.throughput.average / 1e6) * 10) / 10,
      };
      console.log(`  ${t.name}: ${row.rps} req/s, p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms, errors ${row.errors}, timeouts ${row.timeouts}, non-2xx ${row.non2xx}`);
      rows.push(row);
    }
  } finally {
    const closed = once(s.child, 'close');
    s.child.kill('SIGTERM');
    await closed;
  }
  return rows;
}

const rows: Row[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-load-'));
try {
  rows.push(...(await measure('embedded (PGlite)', { DOTHI_DATA: path.join(tmp, 'data'), DOTHI_DATABASE_URL: '' })));
  const admin = process.env.DOTHI_BENCH_PG_URL ?? process.env.DOTHI_TEST_PG_URL;
  if (admin) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query('drop database if exists dothi_load with (force)');
    await c.query('create database dothi_load');
    await c.end();
    rows.push(...(await measure('server (PostgreSQL 15)', { DOTHI_DATABASE_URL: admin.replace(/\/[^/]*$/, '/dothi_load') })));
  } else {
    console.log('server backend skipped: set DOTHI_BENCH_PG_URL (npm run bench starts a cluster and sets it)');
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const out = path.join(ROOT, 'bench/results/load-latest.json');
fs.writeFileSync(out, JSON.stringify({
  measured_at: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  rows,
}, null, 2) + '\n');
console.log(`wrote bench/results/load-latest.json; ${rows.every((r) => r.errors + r.timeouts + r.non2xx === 0) ? 'zero errors' : 'ERRORS: see the rows'}`);
