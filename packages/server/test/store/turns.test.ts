// The embedded store's queue (pglite-store.ts turns()): in order, past failures, and never holding the
// event loop for more than one piece of work, so a server on PGlite still accepts connections under load.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { turns } from '../../src/store/pglite-store.ts';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('work runs one piece at a time, in the order it came, and a failure does not stop the queue', async () => {
  const turn = turns();
  const log: string[] = [];
  let running = 0;
  const piece = (name: string, fail = false) => turn(async () => {
    running++;
    assert.equal(running, 1, 'one at a time');
    log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, 2));
    log.push(`end ${name}`);
    running--;
    if (fail) throw new Error(name);
    return name;
  });
  const results = await Promise.allSettled([piece('a'), piece('b', true), piece('c')]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
});

test('the event loop gets a turn between pieces of synchronous work (as PGlite runs a query)', async () => {
  const turn = turns();
  const order: string[] = [];
  const queued = Array.from({ length: 20 }, (_, i) => turn(async () => {
    busy(2);
    order.push(`q${i}`);
  }));
  // Stands for a socket with a new connection: ready now, served when the loop polls next.
  setImmediate(() => order.push('io'));
  await Promise.all(queued);
  const io = order.indexOf('io');
  assert.ok(io >= 0 && io <= 2, `the loop ran after at most two pieces, not after the queue drained: ${order.join(' ')}`);
});
