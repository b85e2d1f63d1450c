// Computing indicators from the workspace's layers over HTTP: the same job as `dothi indicators
// compute`, answered at once with the job (202; its progress streams from /api/jobs/…/events), or with
// the report when the caller waits.

import { DothiError, LAYER_ROLES } from '@dothi/engine';
import type { LayerRole } from '@dothi/engine';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { computeAndStore } from '../indicators/compute-job.ts';
import type { ComputeRunReport } from '../indicators/compute-job.ts';
import type { Db } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { errorResponses, Link, WorkspaceParams } from './schemas.ts';

const ComputeBody = z.object({
  units_layer: z.string().min(1).max(100).describe('Layer id of the spatial units (polygons)'),
  unit_id_column: z.string().min(1).max(100).optional().describe('Attribute naming each unit (default: code, else the source id)'),
  calculators: z.array(z.string().min(1).max(100)).min(1).max(100).optional()
    .describe('Calculator ids; default every calculator whose layers the workspace has (the others are reported as skipped)'),
  layers: z.partialRecord(z.enum(LAYER_ROLES as [LayerRole, ...LayerRole[]]), z.string().min(1).max(100)).optional()
    .describe('Layer id per role, where the workspace has several layers of a kind'),
});

const ComputeQuery = z.object({
  wait: z.enum(['true', 'false']).optional().transform((v) => v === 'true')
    .describe('true: answer 200 with the report (or the error) when the computation ends, instead of 202 at once'),
});

const Report = z.object({
  job_id: z.string(),
  units: z.object({ role: z.string(), layerId: z.string(), version: z.number(), count: z.number() }),
  runs: z.array(z.object({ calculator: z.string(), version: z.string(), result_id: z.number(), unit: z.string(), whole: z.number().nullable(), values: z.number() })),
  skipped: z.array(z.object({ calculator: z.string(), role: z.string(), en: z.string(), vi: z.string() })),
});

const Accepted = z.object({ job_id: z.string(), status: z.literal('running'), links: z.array(Link) });

export const computeRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.post('/api/workspaces/:ws/results/compute', {
    config: { permission: 'compute' },
    schema: {
      tags: ['indicators'],
      summary: 'Compute indicators from the workspace\'s layers and store them with their provenance',
      params: WorkspaceParams,
      querystring: ComputeQuery,
      body: ComputeBody,
      response: { 200: Report, 202: Accepted, ...errorResponses },
    },
  }, async (req, reply) => {
    const { ws } = req.params;
    await getWorkspace(db, ws);
    const b = req.body;
    let onStarted: (id: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => (onStarted = resolve));
    const job: Promise<ComputeRunReport> = computeAndStore(db, ws, {
      unitsLayer: b.units_layer,
      ...(b.unit_id_column ? { unitIdColumn: b.unit_id_column } : {}),
      ...(b.calculators ? { calculators: b.calculators } : {}),
      ...(b.layers ? { layers: b.layers } : {}),
    }, clock, undefined, onStarted);
    const tracked = job.then(
      (r) => req.log.info({ job: r.job_id, runs: r.runs.length }, 'indicators computed'),
      (e: unknown) => {
        if (e instanceof DothiError && e.status < 500) req.log.info({ code: e.code }, 'indicator computation failed');
        else req.log.error({ err: e }, 'indicator computation failed');
      },
    );
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));
    if (req.query.wait) return reply.code(200).send(await job);
    // A failure before the job row exists (unknown units layer) is the request's own error.
    const jobId = await Promise.race([started, job.then((r) => r.job_id)]);
    const href = `/api/jobs/${encodeURIComponent(ws)}/${encodeURIComponent(jobId)}`;
    return reply.code(202).header('location', href).send({
      job_id: jobId,
      status: 'running' as const,
      links: [
        { rel: 'status', href, type: 'application/json' },
        { rel: 'events', href: `${href}/events`, type: 'text/event-stream' },
      ],
    });
  });
};
