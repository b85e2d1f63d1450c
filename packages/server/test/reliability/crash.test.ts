// kill -9 of `dothi serve` in the middle of an import, of an indicator computation and of a composite
// index build, on both backends. After each restart the job is marked failed with
// DOTHI_JOB_INTERRUPTED, and at the end the store holds exactly what it held before the three
// crashes: every table's row count and content checksum (store/checksums.ts) is unchanged, apart from
// the job rows and the audit entries of the accepted requests. So no partial layer version, no
// orphan feature or result rows. The same three pieces of work then succeed on the restarted server.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature } from '@dothi/engine';
import { BACKENDS } from '../helpers/stores.ts';
import { manyBuildings } from '../helpers/big-files.ts';
import { cliEnv, run, start } from '../cli/cli-helpers.ts';
import type { CliEnv } from '../cli/cli-helpers.ts';
import { EXAMPLES_DIR } from '../../src/demo/demo.ts';
import { listeningUrl } from '../../src/cli/listening.ts';
import { serverSentEvents } from '../../src/cli/remote.ts';
import { openEmbeddedStore } from '../../src/store/pglite-store.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import type { Db } from '../../src/store/db.ts';
import { storeChecksums, storeTables } from '../../src/store/checksums.ts';
import type { TableChecksum } from '../../src/store/checksums.ts';

const WS = 'hcmc';
/** Written by every request and job by design; everything else must come back unchanged. */
const BOOKKEEPING = new Set(['job', 'audit_log', 'schema_migration']);
// The HCMC extract's bounding box (examples/hcmc, read with osmium fileinfo), cut in 3 × 3 units.
const BOX = [106.68622, 10.7799, 106.69662, 10.79092] as const;

function zones(): Feature[] {
  const [x0, y0, x1, y1] = BOX;
  const w = (x1 - x0) / 3, h = (y1 - y0) / 3;
  const out: Feature[] = [];
  for (let k = 0; k < 9; k++) {
    const a = x0 + (k % 3) * w, c = y0 + Math.floor(k / 3) * h;
    out.push({ type: 'Feature', properties: { code: `P${k + 1}`, name: `Phân khu ${k + 1}` }, geometry: { type: 'Polygon', coordinates: [[[a, c], [a + w, c], [a + w, c + h], [a, c + h], [a, c]]] } });
  }
  return out;
}

interface Server {
  url: string;
  child: ChildProcess;
}

async function serve(env: CliEnv): Promise<Server> {
  const child = start(env, ['serve', '--port', '0', '--no-demo', '--json']);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await listeningUrl(child).catch((e: Error) => {
    throw new Error(`${e.message}:\n${err}`);
  });
  return { url, child };
}

async function crash(s: Server): Promise<void> {
  const closed = once(s.child, 'close');
  s.child.kill('SIGKILL');
  await closed;
}

async function stop(s: Server): Promise<void> {
  const closed = once(s.child, 'close');
  s.child.kill('SIGTERM');
  await closed;
}

async function api<T>(s: Server, method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(p, s.url), {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

interface Progress {
  phase: string;
  fraction: number;
}

/** Follows a job's progress events until one satisfies `when`; fails if the job ends first. */
async function progressUntil(s: Server, jobId: string, when: (p: Progress) => boolean): Promise<Progress> {
  const res = await fetch(new URL(`/api/jobs/${WS}/${jobId}/events`, s.url));
  assert.ok(res.body);
  for await (const { event, data } of serverSentEvents(res.body as unknown as AsyncIterable<Uint8Array>)) {
    if (event === 'end') throw new Error(`job ${jobId} ended before the moment to kill: ${data}`);
    if (event === 'progress') {
      const p = JSON.parse(data) as Progress;
      // Leaving the loop cancels the stream.
      if (when(p)) return p;
    }
  }
  throw new Error(`job ${jobId}: event stream ended before the moment to kill`);
}

interface JobRow {
  job_id: string;
  kind: string;
  status: string;
  error: { code: string } | null;
}

async function jobs(s: Server): Promise<JobRow[]> {
  const r = await api<{ jobs: JobRow[] }>(s, 'GET', `/api/workspaces/${WS}/jobs`);
  assert.equal(r.status, 200);
  return r.body.jobs;
}

async function openStore(env: CliEnv): Promise<Db> {
  return env.backend === 'embedded' ? openEmbeddedStore({ dataDir: path.join(env.tmp, 'data') }) : openPgStore(env.env.DOTHI_DATABASE_URL as string);
}

async function checksums(env: CliEnv): Promise<Record<string, TableChecksum>> {
  const db = await openStore(env);
  try {
    return await storeChecksums(db, (await storeTables(db)).filter((t) => !BOOKKEEPING.has(t)));
  } finally {
    await db.close();
  }
}

async function importForm(file: string): Promise<FormData> {
  const form = new FormData();
  form.append('kind', 'buildings');
  form.append('name', 'many-buildings');
  form.append('file', new Blob([await fs.promises.readFile(file)]), path.basename(file));
  return form;
}

const ASEM = path.join(EXAMPLES_DIR, 'coinr-asem');
const BUILD = { dataset_id: 'asem', uncertainty: { replications: 100_000, seed: 7 } };

for (const backend of BACKENDS) {
  describe(`kill -9 of the server on ${backend}`, () => {
    let env: CliEnv;
    let server: Server;
    let baseline: Record<string, TableChecksum>;
    let buildings: string;

    before(async () => {
      env = await cliEnv(backend);
      const cli = async (args: string[]): Promise<void> => {
        const r = await run(env, args);
        assert.equal(r.code, 0, r.stderr);
      };
      await cli(['workspace', 'create', WS]);
      await cli(['import', path.join(EXAMPLES_DIR, 'hcmc/hcmc-d1-d3.osm.pbf'), '--workspace', WS, '--name', 'osm', '--on-invalid', 'repair']);
      const zonesFile = path.join(env.tmp, 'zones.geojson');
      fs.writeFileSync(zonesFile, JSON.stringify({ type: 'FeatureCollection', features: zones() }));
      await cli(['import', zonesFile, '--workspace', WS, '--kind', 'admin_units', '--name', 'zones']);
      buildings = manyBuildings(env.tmp, 60_000);
      server = await serve(env);
      const ds = await api(server, 'POST', `/api/workspaces/${WS}/index-datasets`, {
        dataset_id: 'asem', name: 'ASEM', idata: fs.readFileSync(path.join(ASEM, 'ASEM_iData.csv'), 'utf8'), imeta: fs.readFileSync(path.join(ASEM, 'ASEM_iMeta.csv'), 'utf8'),
      });
      assert.equal(ds.status, 201, JSON.stringify(ds.body));
      const spec = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'index-specs/asem-uncertainty.json'), 'utf8')) as unknown;
      assert.equal((await api(server, 'POST', `/api/workspaces/${WS}/index-specs`, { spec_id: 'asem', spec })).status, 201);
      await stop(server);
      baseline = await checksums(env);
      assert.ok((baseline.feature?.rows ?? 0) > 1000, 'the OSM layers are in the baseline');
      server = await serve(env);
    });

    after(async () => {
      if (server && server.child.exitCode === null) await crash(server);
      await env?.close();
    });

    test('during an import: no layer, no version, no features; the job is marked interrupted', async () => {
      const res = await fetch(new URL(`/api/workspaces/${WS}/imports`, server.url), { method: 'POST', body: await importForm(buildings) });
      assert.equal(res.status, 202);
      const { job_id } = (await res.json()) as { job_id: string };
      // Past the first staged batches, well before the commit.
      const at = await progressUntil(server, job_id, (p) => p.phase === 'write' && p.fraction > 0.6);
      await crash(server);
      assert.ok(at.fraction < 1);

      server = await serve(env);
      const job = await api<JobRow>(server, 'GET', `/api/jobs/${WS}/${job_id}`);
      assert.equal(job.body.status, 'failed');
      assert.equal(job.body.error?.code, 'DOTHI_JOB_INTERRUPTED');
      assert.equal((await api(server, 'GET', `/api/workspaces/${WS}/layers/many-buildings`)).status, 404);
    });

    test('during an indicator computation: no result run at all; the job is marked interrupted', async () => {
      const res = await api<{ job_id: string }>(server, 'POST', `/api/workspaces/${WS}/results/compute`, { units_layer: 'zones' });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      // After the first calculator, with the rest still to compute.
      await progressUntil(server, res.body.job_id, (p) => p.phase === 'compute' && p.fraction > 0);
      await crash(server);

      server = await serve(env);
      const job = await api<JobRow>(server, 'GET', `/api/jobs/${WS}/${res.body.job_id}`);
      assert.deepEqual([job.body.status, job.body.error?.code], ['failed', 'DOTHI_JOB_INTERRUPTED']);
      assert.deepEqual((await api<{ results: unknown[] }>(server, 'GET', `/api/workspaces/${WS}/results`)).body.results, []);
    });

    test('during a composite index build (a long Monte Carlo): no result; the job is marked interrupted', async () => {
      // The build answers only when it is done; its job shows up as running at once.
      const pending = fetch(new URL(`/api/workspaces/${WS}/index-specs/asem/build`, server.url), {
        method: 'POST', body: JSON.stringify(BUILD), headers: { 'content-type': 'application/json' },
      }).catch(() => null);
      let id: string | undefined;
      for (let i = 0; id === undefined; i++) {
        assert.ok(i < 400, 'the build never started');
        id = (await jobs(server)).find((j) => j.kind === 'index.build' && j.status === 'running')?.job_id;
        if (id === undefined) await new Promise((r) => setTimeout(r, 25));
      }
      // Into the Monte Carlo (reading the spec and the dataset takes milliseconds; 100,000 replications
      // take far longer), which runs on its own thread: the server still answers meanwhile.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await fetch(new URL('/api/health', server.url))).status, 200);
      assert.equal((await api<JobRow>(server, 'GET', `/api/jobs/${WS}/${id}`)).body.status, 'running');
      await crash(server);
      assert.equal(await pending, null, 'the build never answered');

      server = await serve(env);
      const job = (await jobs(server)).find((x) => x.kind === 'index.build');
      assert.deepEqual([job?.status, job?.error?.code], ['failed', 'DOTHI_JOB_INTERRUPTED']);
      assert.deepEqual((await api<{ results: unknown[] }>(server, 'GET', `/api/workspaces/${WS}/index-results`)).body.results, []);
    });

    test('the store holds what it held before the crashes, and the same work then succeeds', async () => {
      await stop(server);
      assert.deepEqual(await checksums(env), baseline);
      server = await serve(env);
      // Newest first: the three crashed jobs, then the setup's imports.
      assert.deepEqual((await jobs(server)).slice(0, 3).map((j) => [j.kind, j.status, j.error?.code]), [
        ['index.build', 'failed', 'DOTHI_JOB_INTERRUPTED'],
        ['indicators.compute', 'failed', 'DOTHI_JOB_INTERRUPTED'],
        ['import', 'failed', 'DOTHI_JOB_INTERRUPTED'],
      ]);

      const imported = await fetch(new URL(`/api/workspaces/${WS}/imports?wait=true`, server.url), { method: 'POST', body: await importForm(buildings) });
      assert.equal(imported.status, 200);
      assert.equal(((await imported.json()) as { imported: number }).imported, 60_000);
      const computed = await api<{ runs: unknown[] }>(server, 'POST', `/api/workspaces/${WS}/results/compute?wait=true`, { units_layer: 'zones', layers: { buildings: 'osm-buildings' } });
      assert.equal(computed.status, 200, JSON.stringify(computed.body));
      assert.ok(computed.body.runs.length >= 5);
      const built = await api(server, 'POST', `/api/workspaces/${WS}/index-specs/asem/build`, { dataset_id: 'asem', uncertainty: { replications: 200, seed: 7 } });
      assert.equal(built.status, 201);
    });
  });
}
