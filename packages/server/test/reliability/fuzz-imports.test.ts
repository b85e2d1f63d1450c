// The short fuzz run of `npm test` (the long one: `npm run fuzz`, bench/reliability/fuzz.ts): for each
// importer, mutated and truncated versions of a real file (seeded, so a failure replays), on both
// backends. Every run ends in a consistent report or a coded error, none hangs, and a failed import
// leaves every table but the job log exactly as it was (fuzz-imports.ts).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKENDS, openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { fuzzImports, SEEDS } from './fuzz-imports.ts';

// Enough to meet every mutation kind on every file several times, in about a minute on two cores.
const RUNS: Readonly<Record<string, number>> = { embedded: 60, server: 25 };
const clock = (): Date => new Date('2026-03-01T00:00:00Z');

for (const backend of BACKENDS) {
  describe(`fuzzing the importers on ${backend}`, () => {
    let store: TestStore;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `dothi-fuzz-${backend}-`));
    before(async () => {
      store = await openTestStore(backend);
      await createWorkspace(store.db, 'fuzz', 'Fuzz');
    });
    after(async () => {
      await store?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    for (const seed of SEEDS) {
      test(`${seed.format}: a report or a coded error every time, and nothing left by a failure`, async () => {
        const runs = RUNS[backend] ?? 25;
        const o = await fuzzImports(store.db, seed, { runs, seed: 20261123, workspace: 'fuzz', tmp, timeoutMs: 60_000, clock });
        assert.deepEqual(o.failures, [], JSON.stringify(o.failures.slice(0, 5), null, 1));
        const coded = Object.values(o.coded).reduce((a, b) => a + b, 0);
        assert.equal(o.imported + coded, runs);
        // The mutations reach both ends: some files stay importable, some are refused.
        assert.ok(o.imported > 0 && coded > 0, JSON.stringify(o));
      });
    }
  });
}
