// npm run fuzz [-- --runs N --seed S]: the long fuzz run of the importers (the short one is in
// npm test). Each importer gets N mutated versions of its real file on the embedded store (a fresh
// store every 200 runs, so the checksum of a growing store does not dominate); the outcome counts
// go to bench/results/fuzz-latest.json, and every failure is printed with the mutation that caused
// it, and makes the run exit non-zero.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openTestStore } from '../../packages/server/test/helpers/stores.ts';
import { createWorkspace } from '../../packages/server/src/store/workspaces.ts';
import { fuzzImports, SEEDS } from '../../packages/server/test/reliability/fuzz-imports.ts';
import type { FuzzOutcome } from '../../packages/server/test/reliability/fuzz-imports.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
const runs = Number(values.runs ?? 2000);
const seed = Number(values.seed ?? 1);
const CHUNK = 200;
const clock = (): Date => new Date('2026-03-01T00:00:00Z');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-fuzz-'));
const bar = new cliProgress.SingleBar({ format: ' {format} [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic);
const results: FuzzOutcome[] = [];
const started = Date.now();

for (const s of SEEDS) {
  const total: FuzzOutcome = { format: s.format, runs, imported: 0, coded: {}, failures: [] };
  bar.start(runs, 0, { format: s.format.padEnd(10) });
  for (let first = 0; first < runs; first += CHUNK) {
    const store = await openTestStore('embedded');
    await createWorkspace(store.db, 'fuzz', 'Fuzz');
    // Each chunk its own seed stream, so chunk k replays alone with --seed (seed*1000+k) --runs 200.
    const o = await fuzzImports(store.db, s, {
      runs: Math.min(CHUNK, runs - first), seed: seed * 1000 + first / CHUNK, workspace: 'fuzz', tmp, timeoutMs: 60_000, clock,
      onRun: (r) => bar.update(first + r + 1),
    });
    await store.close();
    total.imported += o.imported;
    for (const [c, n] of Object.entries(o.coded)) total.coded[c] = (total.coded[c] ?? 0) + n;
    total.failures.push(...o.failures.map((f) => ({ ...f, run: first + f.run })));
  }
  bar.stop();
  results.push(total);
  console.log(`${s.format}: ${total.imported} imported, ${JSON.stringify(total.coded)}, ${total.failures.length} failures`);
  for (const f of total.failures.slice(0, 10)) console.log(`  run ${f.run}: ${f.how} → ${f.problem}`);
}

const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'results', 'fuzz-latest.json');
fs.writeFileSync(out, JSON.stringify({ runs_per_format: runs, seed, seconds: Math.round((Date.now() - started) / 1000), results }, null, 2) + '\n');
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`written ${path.relative(process.cwd(), out)}`);
process.exit(results.some((r) => r.failures.length > 0) ? 1 : 0);
