// Job runners on the server backend: a sweep marks failed the running jobs of a process whose
// connection is gone, never those of a live process, its own included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failInterruptedJobs, getJob, runJob } from '../../src/jobs/jobs.ts';
import { openPgStore } from '../../src/store/pg-store.ts';
import { createWorkspace } from '../../src/store/workspaces.ts';
import { openTestStore } from '../helpers/stores.ts';

const clock = (): Date => new Date('2026-05-01T00:00:00Z');

test('a sweep spares live runners and fails the jobs of a runner that is gone', async () => {
  const a = await openTestStore('server');
  const b = await openPgStore(a.url as string);
  try {
    await createWorkspace(a.db, 'hcmc');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let started: (id: string) => void = () => undefined;
    const id = new Promise<string>((r) => (started = r));
    const job = runJob(a.db, 'hcmc', 'import', {}, clock, async () => {
      await gate;
      return { imported: 0 };
    }, (j) => started(j));
    const jobId = await id;
    assert.equal(await failInterruptedJobs(b, clock), 0, 'another process spares a live runner');
    assert.equal(await failInterruptedJobs(a.db, clock), 0, 'a process spares its own jobs');
    release();
    await job;
    assert.equal((await getJob(b, 'hcmc', jobId)).status, 'succeeded');

    // A job row left running by a runner whose lock nobody holds: its process is gone.
    await b.query(`insert into job (workspace_id, job_id, kind, status, input, created_at, runner) values ('hcmc', 'orphan', 'import', 'running', '{}', $1, 12345)`, [clock()]);
    assert.equal(await failInterruptedJobs(b, clock), 1);
    const orphan = await getJob(b, 'hcmc', 'orphan');
    assert.deepEqual([orphan.status, (orphan.error as { code: string }).code], ['failed', 'DOTHI_JOB_INTERRUPTED']);
  } finally {
    await b.close();
    await a.close();
  }
});
