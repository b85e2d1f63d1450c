// Killing `dothi import` in the middle of writing leaves no partial layer version, on both
// backends; the interrupted job is recorded as such and the same import then succeeds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BACKENDS } from '../helpers/stores.ts';
import { manyBuildings } from '../helpers/big-files.ts';
import { cliEnv, json, run, start } from './cli-helpers.ts';
import type { CliEnv } from './cli-helpers.ts';

interface Job {
  status: string;
  code: string | null;
}

async function jobStatuses(env: CliEnv): Promise<Job[]> {
  const sql = `select status, error->>'code' code from job order by created_at`;
  if (env.backend === 'embedded') {
    const { openEmbeddedStore } = await import('../../src/store/pglite-store.ts');
    const db = await openEmbeddedStore({ dataDir: path.join(env.tmp, 'data') });
    try {
      return (await db.query<Job>(sql)).rows;
    } finally {
      await db.close();
    }
  }
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: env.env.DOTHI_DATABASE_URL });
  await c.connect();
  try {
    return (await c.query<Job>(sql)).rows;
  } finally {
    await c.end();
  }
}

for (const backend of BACKENDS) {
  describe(`a killed import on ${backend}`, () => {
    let env: CliEnv;
    before(async () => {
      env = await cliEnv(backend);
      assert.equal((await run(env, ['workspace', 'create', 'da-nang'])).code, 0);
    });
    after(async () => env?.close());

    test('leaves nothing behind, and the store keeps working', async () => {
      const file = manyBuildings(env.tmp, 60_000);
      const args = ['import', file, '--workspace', 'da-nang', '--kind', 'buildings', '--name', 'buildings', '--progress', 'json', '--json'];
      const child = start(env, args);
      let seenWrite = false;
      let buffer = '';
      const killedAt = await new Promise<number>((resolve, reject) => {
        child.stderr?.on('data', (d: Buffer) => {
          buffer += d.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            const p = (JSON.parse(line) as { progress?: { phase: string; fraction: number } }).progress;
            // Past the first staged batches but well before the commit.
            if (p && p.phase === 'write' && p.fraction > 0.6 && !seenWrite) {
              seenWrite = true;
              child.kill('SIGKILL');
              resolve(p.fraction);
            }
          }
        });
        child.on('close', (code) => (seenWrite ? undefined : reject(new Error(`import ended (exit ${code}) before it was killed`))));
      });
      await new Promise((r) => child.on('close', r));
      assert.ok(killedAt < 1);

      const layers = json<unknown[]>(await run(env, ['layers', '--workspace', 'da-nang', '--json']));
      assert.deepEqual(layers, [], 'no layer, no version, no features');
      if (backend === 'server') {
        // Nothing may remain in the feature table either: the transaction died with its connection.
        const { default: pg } = await import('pg');
        const c = new pg.Client({ connectionString: env.env.DOTHI_DATABASE_URL });
        await c.connect();
        const n = await c.query<{ n: number }>('select count(*)::int n from feature');
        await c.end();
        assert.equal(n.rows[0]?.n, 0);
      }

      const again = await run(env, args.filter((a) => a !== '--progress' && a !== 'json'));
      assert.equal(again.code, 0, again.stderr);
      assert.equal(json<{ imported: number }>(again).imported, 60_000);
      // The next command's start finds the killed job: on the embedded store every job still running,
      // on the server the jobs of a runner whose advisory lock died with its connection.
      const rows = await jobStatuses(env);
      assert.deepEqual(rows, [{ status: 'failed', code: 'DOTHI_JOB_INTERRUPTED' }, { status: 'succeeded', code: null }]);
    });
  });
}
