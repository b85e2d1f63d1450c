// An index build with Monte Carlo uncertainty runs on a worker thread (issue 6: a 100,000-replication
// build used to hold the server's thread, and every other request with it, for its whole duration).
// Oracle: the same build on this thread (buildJson), which the worker must reproduce exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composite } from '@dothi/engine';
import { buildJson } from '../../src/composite/build-json.ts';
import { buildOffThread } from '../../src/composite/build-off-thread.ts';

const FIX = fileURLToPath(new URL('../../../engine/test/fixtures/coinr-asem/', import.meta.url));
const INPUT = composite.readCoinr(fs.readFileSync(`${FIX}ASEM_iData.csv`, 'utf8'), fs.readFileSync(`${FIX}ASEM_iMeta.csv`, 'utf8'));
const SPEC = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../../examples/index-specs/asem-coinr.json', import.meta.url)), 'utf8')) as unknown;

test('the event loop keeps turning while the Monte Carlo runs, and the result is the one built on this thread', async () => {
  const uncertainty = { replications: 500, seed: 42 };
  let done = false;
  const built = buildOffThread(INPUT, SPEC, uncertainty).finally(() => {
    done = true;
  });
  let turns = 0;
  while (!done) {
    await new Promise((r) => setImmediate(r));
    turns++;
  }
  // On this thread the build would finish before the first turn (it is synchronous).
  assert.ok(turns > 10, `${turns} turns of the event loop during the build`);
  assert.deepEqual(await built, buildJson(INPUT, SPEC, uncertainty));
});

test('a bad spec fails as it does on this thread, with the engine\'s coded error, and without a worker', async () => {
  const bad = { steps: [{ step: 'normalise', method: 'no-such-method' }] };
  const inline = (() => {
    try {
      buildJson(INPUT, bad, { replications: 10, seed: 1 });
      return null;
    } catch (e) {
      return e as { code?: string; message: string };
    }
  })();
  assert.ok(inline?.code, 'the engine refuses the spec with a code');
  await assert.rejects(buildOffThread(INPUT, bad, { replications: 10, seed: 1 }), (e: { code?: string; message: string }) => e.code === inline.code && e.message === inline.message);
});
