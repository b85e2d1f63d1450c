// Analysis benchmark W1–W5: dothi's engine beside PostGIS 3.3 / pgRouting 3.4 on the same data, in one
// launch (run through `npm run bench`, which starts the throwaway cluster). Datasets: the Las Palmas
// OSM extract prepared exactly as ../shared/reference/peer-baselines.md, and seeded synthetic cities S, M,
// L (bench/synth). `--quick`: Las Palmas and S only, W2 on the first 100,000 points on both sides.
// Writes bench/results/latest.json; exits non-zero when a peer is missing, a run fails or answers differ.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeerUnavailable, prepareLasPalmas, prepareSynthetic } from './datasets/prepare.ts';
import { readBack } from './datasets/read-back.ts';
import { timePeer } from './lib/pg.ts';
import { saveSnapshot } from './lib/snapshot.ts';
import { compare, DEFS, peerSql, WORKLOADS } from './workloads.ts';
import type { Checksum, WorkloadId } from './workloads.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opt = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const datasets = (opt('datasets') ?? (quick ? 'LP,S' : 'LP,S,M,L')).split(',');
const workloads = (opt('workloads')?.split(',') ?? [...WORKLOADS]) as WorkloadId[];
const W2_QUICK = 100_000;
const w2Limit = quick ? W2_QUICK : undefined;
const SEED = 42;
const admin = process.env.DOTHI_BENCH_PG_URL;
if (!admin) throw new Error('run through `npm run bench`, which starts the PostgreSQL cluster');

export interface ResultRow {
  workload: string;
  dataset: string;
  ours_ms: number;
  peer: string;
  peer_ms: number;
  ratio: number;
  ours_rss_mb: number;
  /** Extra detail: 2-thread time and speed-up, raw input size, checksums, agreement. */
  ours_2t_ms: number | null;
  scaling_2t: number | null;
  raw_mb: number;
  ours_rss_before_mb: number;
  checksum_ours: Checksum;
  checksum_peer: Record<string, unknown>;
  match: boolean;
  mismatches: string[];
  note: string;
}

interface ChildResult { ms: number; runs: number[]; checksum: Checksum; rssMb: number; rssBeforeMb: number; rawMb: number }

function engine(dir: string, workload: WorkloadId, threads: number): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'engine-run.ts'), JSON.stringify({ dir, workload, threads, w2Limit })],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`engine ${workload} (${threads} threads) failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult;
}

const DATASET_NAMES: Record<string, string> = { LP: 'las-palmas', S: 'synthetic-S', M: 'synthetic-M', L: 'synthetic-L' };

async function main(): Promise<number> {
  const rows: ResultRow[] = [];
  let failures = 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-analysis-bench-'));
  console.log(`dothi analysis benchmark (${quick ? `quick: Las Palmas + S, W2 on the first ${W2_QUICK.toLocaleString('en')} points` : 'full'}), ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(2)}`);
  try {
    for (const ds of datasets) {
      const name = DATASET_NAMES[ds] ?? ds;
      const t0 = performance.now();
      const prep = ds === 'LP' ? await prepareLasPalmas(admin!) : await prepareSynthetic(admin!, ds as 'S' | 'M' | 'L', SEED);
      const data = readBack(prep.url);
      const dir = path.join(tmp, ds);
      saveSnapshot(dir, data.tables, data.arrays);
      console.log(`\n${name}: prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s (${JSON.stringify(prep.steps)} ms); ` +
        `${data.tables.pts.length} points, ${data.tables.zones.length} zones, ${data.tables.amenities.length} amenities, ${data.tables.stops.length} stops, ` +
        `${data.tables.landuse.length} land-use polygons, ${data.tables.roads.length} roads, ${data.tables.vertices.length} network vertices`);
      for (const w of workloads) {
        const def = DEFS[w];
        let peer: { ms: number; row: Record<string, unknown> };
        if (w === 'NET') {
          // The peer's network build is timed once while preparing (it rewrites tables), not repeated.
          const check = await timePeer(prep.url, peerSql(w, w2Limit));
          peer = { ms: (prep.steps.edges ?? NaN) + (prep.steps.topology ?? NaN), row: check.row };
        } else {
          peer = await timePeer(prep.url, peerSql(w, w2Limit));
        }
        const one = engine(dir, w, 1);
        const two = def.parallel ? engine(dir, w, 2) : null;
        const bad = compare(w, one.checksum, peer.row);
        if (two) bad.push(...compare(w, two.checksum, peer.row).map((b) => `2 threads: ${b}`));
        if (two && JSON.stringify(two.checksum) !== JSON.stringify(one.checksum)) bad.push('2-thread checksum differs from 1-thread');
        if (bad.length) failures++;
        const notes: string[] = [];
        if (w === 'W2' && w2Limit) notes.push(`first ${w2Limit} points (ids 1..${w2Limit}) on both sides`);
        if (w === 'NET') notes.push('peer: one timed build while preparing');
        for (const [k, how] of Object.entries(def.agree)) if (typeof how === 'object' && 'info' in how) notes.push(`${k} informational: ours ${one.checksum[k]}, peer ${String(peer.row[k])}`);
        const row: ResultRow = {
          workload: w, dataset: name, ours_ms: round(one.ms), peer: def.peer, peer_ms: round(peer.ms), ratio: round(peer.ms / one.ms),
          ours_rss_mb: round(one.rssMb), ours_2t_ms: two ? round(two.ms) : null, scaling_2t: two ? round(one.ms / two.ms) : null,
          raw_mb: round(one.rawMb), ours_rss_before_mb: round(one.rssBeforeMb),
          checksum_ours: one.checksum, checksum_peer: peer.row, match: bad.length === 0, mismatches: bad, note: notes.join('; '),
        };
        rows.push(row);
        console.log(`  ${w.padEnd(4)} ${def.title}: ours ${fmt(one.ms)}${two ? ` (2 threads ${fmt(two.ms)}, ×${row.scaling_2t})` : ''}, ${def.peer} ${fmt(peer.ms)}, ` +
          `ratio ${row.ratio}×, rss ${row.ours_rss_mb} MB (raw ${row.raw_mb} MB) ${bad.length ? `MISMATCH: ${bad.join('; ')}` : 'same answer'}`);
        if (row.note) console.log(`       ${row.note}`);
      }
    }
  } catch (e) {
    if (e instanceof PeerUnavailable) {
      console.error(`\nThe peer cannot run: ${e.message}\nNo ratio is reported.`);
      return 2;
    }
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const out = path.join(HERE, 'results');
  fs.mkdirSync(out, { recursive: true });
  // latest.json is the last run of either kind; the last full run is also kept apart for the README.
  const complete = !quick && !opt('datasets') && !opt('workloads');
  const files = complete ? ['latest.json', 'full-latest.json'] : ['latest.json'];
  for (const f of files) fs.writeFileSync(path.join(out, f), JSON.stringify(rows, null, 2) + '\n');
  console.log(`\n${table(rows)}\nwrote ${files.map((f) => `bench/results/${f}`).join(', ')}`);
  if (failures) console.error(`\n${failures} workload(s) gave a different answer from the peer: see MISMATCH above.`);
  return failures ? 1 : 0;
}

const round = (x: number): number => Math.round(x * 100) / 100;
const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

export function table(rows: ResultRow[]): string {
  const lines = ['| workload | dataset | dothi, 1 thread | 2 threads | peer | peer time | peer / dothi | dothi peak RSS | RSS before the run | raw input | same answer |', '|---|---|---:|---:|---|---:|---:|---:|---:|---:|:---:|'];
  for (const r of rows) {
    lines.push(`| ${r.workload} | ${r.dataset} | ${fmt(r.ours_ms)} | ${r.ours_2t_ms === null ? '—' : `${fmt(r.ours_2t_ms)} (×${r.scaling_2t})`} | ${r.peer} | ${fmt(r.peer_ms)} | **${r.ratio}×** | ${r.ours_rss_mb.toFixed(0)} MB | ${r.ours_rss_before_mb.toFixed(0)} MB | ${r.raw_mb.toFixed(1)} MB | ${r.match ? 'yes' : 'NO'} |`);
  }
  return lines.join('\n');
}

process.exitCode = await main();
