// Jobs over HTTP: the row, and the Server-Sent Events stream of a running job's progress to its end.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { jobEvents, runJob } from '../../src/jobs/jobs.ts';
import { openTestStore } from '../helpers/stores.ts';
import type { TestStore } from '../helpers/stores.ts';
import { assertError, fixedClock } from './helpers.ts';
import { seedWorkspace } from './seed.ts';

let store: TestStore;
let app: FastifyInstance;

before(async () => {
  store = await openTestStore('embedded');
  await seedWorkspace(store.db, 'hcmc', 'HCMC');
  await store.db.query(
    `insert into job (workspace_id, job_id, kind, status, input, result, created_at, finished_at)
     values ('hcmc', 'done-1', 'import', 'succeeded', '{"file":"a.geojson"}', '{"imported":3}', '2026-03-01T09:00:00Z', '2026-03-01T09:00:05Z')`,
  );
  app = await buildApp(store.db, { clock: fixedClock });
});

after(async () => {
  await app?.close();
  await store?.close();
});

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [ev, data] = block.split('\n');
      return { event: (ev ?? '').slice('event: '.length), data: JSON.parse((data ?? '').slice('data: '.length)) as Record<string, unknown> };
    });
}

test('a job row', async () => {
  const res = await app.inject({ url: '/api/jobs/hcmc/done-1' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    workspace_id: 'hcmc', job_id: 'done-1', kind: 'import', status: 'succeeded', input: { file: 'a.geojson' },
    result: { imported: 3 }, error: null, created_at: '2026-03-01T09:00:00Z', finished_at: '2026-03-01T09:00:05Z',
  });
  const e = assertError(await app.inject({ url: '/api/jobs/hcmc/nope' }), 404, 'DOTHI_JOB_NOT_FOUND');
  assert.deepEqual(e.details, { job: 'nope' });
  assertError(await app.inject({ url: '/api/jobs/other/done-1' }), 404, 'DOTHI_JOB_NOT_FOUND');
});

test('the stream of a finished job gives the row and ends', async () => {
  const res = await app.inject({ url: '/api/jobs/hcmc/done-1/events' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  const events = parseSse(res.body);
  assert.deepEqual(events.map((e) => e.event), ['job', 'end']);
  assert.equal(events[1]?.data.status, 'succeeded');
  assertError(await app.inject({ url: '/api/jobs/hcmc/nope/events' }), 404, 'DOTHI_JOB_NOT_FOUND');
});

test('the stream of a running job relays its progress until the row says it ended', async () => {
  await store.db.query(
    `insert into job (workspace_id, job_id, kind, status, input, created_at) values ('hcmc', 'run-1', 'import', 'running', '{}', now())`,
  );
  const pending = app.inject({ url: '/api/jobs/hcmc/run-1/events' });
  // Let the handler read the row and subscribe before anything happens.
  await new Promise((r) => setTimeout(r, 200));
  jobEvents.emit('run-1', { job_id: 'run-1', phase: 'read', fraction: 0.25 });
  jobEvents.emit('run-2', { job_id: 'run-2', phase: 'read', fraction: 0.5 });
  jobEvents.emit('run-1', { job_id: 'run-1', phase: 'write', fraction: 0.75, message: 'buildings' });
  await store.db.query(`update job set status = 'failed', error = '{"code":"DOTHI_IMPORT_EMPTY"}', finished_at = now() where job_id = 'run-1'`);
  const res = await pending;
  const events = parseSse(res.body);
  assert.deepEqual(events.map((e) => e.event), ['job', 'progress', 'progress', 'end']);
  assert.deepEqual(events[1]?.data, { job_id: 'run-1', phase: 'read', fraction: 0.25 });
  assert.deepEqual(events[2]?.data, { job_id: 'run-1', phase: 'write', fraction: 0.75, message: 'buildings' });
  assert.equal(events[3]?.data.status, 'failed');
  assert.deepEqual(events[3]?.data.error, { code: 'DOTHI_IMPORT_EMPTY' });
  assert.equal(jobEvents.listenerCount('run-1'), 0, 'the stream unsubscribed');
});

test('the jobs of a workspace, newest first, without results, filtered by status and kind', async () => {
  await store.db.query(
    `insert into job (workspace_id, job_id, kind, status, input, error, created_at, finished_at)
     values ('hcmc', 'old-fail', 'indicators.compute', 'failed', '{}', '{"code":"DOTHI_JOB_INTERRUPTED"}', '2026-02-01T00:00:00Z', '2026-02-01T00:01:00Z')`,
  );
  const all = await app.inject({ url: '/api/workspaces/hcmc/jobs' });
  assert.equal(all.statusCode, 200);
  const jobs = all.json<{ jobs: Array<Record<string, unknown>> }>().jobs;
  const ids = jobs.map((j) => j.job_id);
  assert.ok(ids.indexOf('done-1') < ids.indexOf('old-fail'), ids.join());
  assert.ok(jobs.every((j) => !('result' in j)));
  const failed = await app.inject({ url: '/api/workspaces/hcmc/jobs?status=failed&kind=indicators.compute' });
  assert.deepEqual(failed.json<{ jobs: Array<{ job_id: string; error: unknown }> }>().jobs.map((j) => [j.job_id, j.error]), [['old-fail', { code: 'DOTHI_JOB_INTERRUPTED' }]]);
  assert.deepEqual(
    (await app.inject({ url: '/api/workspaces/hcmc/jobs?limit=1' })).json<{ jobs: unknown[] }>().jobs.length, 1);
  assertError(await app.inject({ url: '/api/workspaces/hcmc/jobs?status=lost' }), 400, 'DOTHI_USAGE');
  assertError(await app.inject({ url: '/api/workspaces/nowhere/jobs' }), 404, 'DOTHI_WORKSPACE_NOT_FOUND');
});

test('a job of this process answers at once while its transaction holds the embedded store', { timeout: 60_000 }, async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let opened: () => void = () => undefined;
  const inside = new Promise<void>((r) => (opened = r));
  let started: (id: string) => void = () => undefined;
  const jobId = new Promise<string>((r) => (started = r));
  const job = runJob(store.db, 'hcmc', 'import', { file: 'slow.geojson' }, fixedClock, async (progress) => {
    await store.db.transaction(async (tx) => {
      await tx.query('select 1');
      progress('write', 0.5, 'held');
      opened();
      await gate;
    });
    return { imported: 1 };
  }, (id) => started(id));
  const id = await jobId;
  await inside;
  // Both would wait for the transaction if they read the row; neither may.
  const row = await app.inject({ url: `/api/jobs/hcmc/${id}` });
  assert.deepEqual([row.statusCode, row.json<{ status: string; kind: string }>().status], [200, 'running']);
  const stream = app.inject({ url: `/api/jobs/hcmc/${id}/events` });
  await new Promise((r) => setTimeout(r, 100));
  jobEvents.emit(id, { job_id: id, phase: 'write', fraction: 0.75 });
  release();
  await job;
  const events = parseSse((await stream).body);
  assert.deepEqual(events.map((e) => e.event), ['job', 'progress', 'end']);
  assert.equal(events[2]?.data.status, 'succeeded');
  assert.deepEqual(events[2]?.data.result, { imported: 1 });
});
