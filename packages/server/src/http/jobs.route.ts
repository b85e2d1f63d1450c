// Jobs: a workspace's list, how one piece of long work stands, and a Server-Sent Events stream of its
// progress for the web's progress indicator.

import type { OutgoingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { getJob, jobEvents, listJobs, liveJob } from '../jobs/jobs.ts';
import { getWorkspace } from '../store/workspaces.ts';
import type { JobProgress, JobRow } from '../jobs/jobs.ts';
import { errorResponses, WorkspaceParams } from './schemas.ts';

const JobParams = z.object({ ws: z.string().min(1).max(100), id: z.string().min(1).max(100) });

const Job = z.object({
  workspace_id: z.string(),
  job_id: z.string(),
  kind: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  input: z.unknown(),
  result: z.unknown().describe('What the job produced when it succeeded; for an import, the import report'),
  error: z.unknown().describe('When it failed: the API error shape { code, message, message_vi, details, data? }'),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

/**
 * Progress comes as events from this process, but the end of a job is only in its row (and a job may
 * run in another process), so the stream also re-reads the row this often until the job is over.
 */
export const JOB_POLL_MS = 1000;
/** Comments keep proxies from closing a quiet stream during a long write. */
const HEARTBEAT_MS = 15000;

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const JobList = z.object({
  status: z.enum(['running', 'succeeded', 'failed']).optional(),
  kind: z.string().min(1).max(60).optional().describe('import, indicators.compute, index.build'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const jobsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/workspaces/:ws/jobs', {
    config: { permission: 'view' },
    schema: {
      tags: ['jobs'],
      summary: 'The workspace\'s jobs, newest first (without results): what runs, what ended, what a crash interrupted',
      params: WorkspaceParams,
      querystring: JobList,
      response: { 200: z.object({ jobs: z.array(Job.omit({ result: true })) }), ...errorResponses },
    },
  }, async (req) => {
    await getWorkspace(db, req.params.ws);
    return { jobs: await listJobs(db, req.params.ws, req.query) };
  });

  app.get('/api/jobs/:ws/:id', {
    config: { permission: 'view' },
    schema: {
      tags: ['jobs'],
      summary: 'A job: what was asked, its status, and its result or error',
      params: JobParams,
      response: { 200: Job, ...errorResponses },
    },
  }, async (req) => liveJob(req.params.ws, req.params.id) ?? getJob(db, req.params.ws, req.params.id));

  app.get('/api/jobs/:ws/:id/events', {
    config: { permission: 'view' },
    schema: {
      tags: ['jobs'],
      summary: 'Server-Sent Events: `job` (the row), `progress` (phase, fraction 0..1) while it runs, `end` (the final row)',
      params: JobParams,
      produces: ['text/event-stream'],
      response: { 200: z.string().describe('text/event-stream'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { ws, id } = req.params;
    // Before hijacking, so an unknown job still gets the ordinary error response. A job of this
    // process is answered from memory: on the embedded store the row waits for the job's transaction.
    const first = liveJob(ws, id) ?? (await getJob(db, ws, id));
    reply.hijack();
    const res = reply.raw;
    // Headers already set on the reply (request id, CORS) are not sent for a hijacked reply unless copied.
    const carried: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) carried[k] = v;
    res.writeHead(200, {
      ...carried,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(sse('job', first));
    if (first.status !== 'running') {
      res.end(sse('end', first));
      return;
    }
    let closed = false;
    let polling = false;
    const onProgress = (p: JobProgress): void => {
      if (!closed) res.write(sse('progress', p));
    };
    const finish = (row: JobRow | null): void => {
      if (closed) return;
      closed = true;
      jobEvents.off(id, onProgress);
      jobEvents.off(`${id}:end`, onEnd);
      clearInterval(poller);
      clearInterval(heartbeat);
      if (row) res.end(sse('end', row));
      else res.end();
    };
    const poll = async (): Promise<void> => {
      if (polling || closed) return;
      polling = true;
      try {
        const row = await getJob(db, ws, id);
        if (row.status !== 'running') finish(row);
      } catch (e) {
        req.log.error({ err: e }, 'job stream poll failed');
        finish(null);
      } finally {
        polling = false;
      }
    };
    const onEnd = (): void => void poll();
    jobEvents.on(id, onProgress);
    jobEvents.on(`${id}:end`, onEnd);
    const poller = setInterval(() => void poll(), JOB_POLL_MS);
    const heartbeat = setInterval(() => {
      if (!closed) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    res.on('close', () => finish(null));
    // The job may have ended between the first read and the subscription.
    await poll();
  });
};
