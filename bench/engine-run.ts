// One engine workload in a process of its own, so its peak RSS is its own: loads the snapshot read back
// from PostGIS, sets up what is built outside the timed loop, then one warm-up and the median of N runs
// (N = 5 under 1 s, 3 under 20 s, else 1, as the baseline). Prints one JSON line.
//   node --import tsx bench/engine-run.ts '{"dir":…,"workload":"W1","threads":1,"w2Limit":100000}'

import { AnalysisPool } from '../packages/server/src/analysis/parallel-analysis.ts';
import { runsFor } from './lib/pg.ts';
import { loadSnapshot, tableBytes } from './lib/snapshot.ts';
import { DEFS, runOurs, setup } from './workloads.ts';
import type { Checksum, Inputs, WorkloadId } from './workloads.ts';

interface Args { dir: string; workload: WorkloadId; threads: number; w2Limit?: number }

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const def = DEFS[args.workload];
const need = [...new Set([...def.tables, ...(args.workload === 'W5' ? ['vertices'] : [])])];
const snap = loadSnapshot(args.dir, need);
const inp: Inputs = { tables: snap.tables, originXY: (snap.arrays.originXY as Float64Array | undefined) ?? new Float64Array(0), w2Limit: args.w2Limit };
const rawBytes = def.tables.reduce((a, t) => a + tableBytes(snap.tables[t] as Parameters<typeof tableBytes>[0]), 0);

setup(args.workload, inp);
const pool = args.threads > 1 ? new AnalysisPool({ threads: args.threads }) : undefined;
// Workers start (and load tsx) before timing: a server keeps its pool warm.
if (pool) await runOurs(args.workload, inp, pool);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
let checksum: Checksum = await runOurs(args.workload, inp, pool);
const warm = performance.now() - t0;
const n = runsFor(warm);
const times: number[] = [];
for (let i = 0; i < n; i++) {
  const t = performance.now();
  checksum = await runOurs(args.workload, inp, pool);
  times.push(performance.now() - t);
}
await pool?.close();
times.sort((a, b) => a - b);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({
  ms: times[Math.floor(times.length / 2)], runs: times, checksum,
  rssMb: maxRssMb, rssBeforeMb: rssBefore / 2 ** 20, rawMb: rawBytes / 2 ** 20,
}) + '\n');
