// Observations of a workspace: list, add (JSON, all rows or none), delete, CSV import with a per-row
// report (text/csv body; nothing is written when any row is bad) and CSV export that imports back.

import { roleIn } from '../auth/access.ts';
import { indicatorFilter } from '../auth/visibility.ts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { addObservations, deleteObservations, listObservations, QUALITIES } from '../monitoring/observations.ts';
import { exportObservationsCsv, importObservationsCsv } from '../monitoring/observations-csv.ts';
import { ErrorBody, errorResponses, WorkspaceParams } from './schemas.ts';

const Quality = z.enum(QUALITIES);

export const Observation = z.object({
  indicator_id: z.string(),
  unit_code: z.string().describe('Administrative unit code, zone id, or _workspace for the whole workspace'),
  period: z.string().describe('2024, 2024-H1, 2024-Q1 or 2024-07'),
  period_start: z.string().describe('First day of the period (YYYY-MM-DD)'),
  value: z.number(),
  source: z.string().nullable(),
  quality: Quality,
  note: z.string().nullable(),
  import_batch: z.string().nullable(),
  created_at: z.string(),
});

const ObservationIn = z.object({
  indicator_id: z.string().min(1).max(200),
  unit_code: z.string().min(1).max(200),
  period: z.string().min(1).max(20),
  value: z.number(),
  source: z.string().max(2000).nullish(),
  quality: Quality.nullish(),
  note: z.string().max(2000).nullish(),
});

const Filter = z.object({
  indicator: z.string().min(1).max(200).optional(),
  unit: z.string().min(1).max(200).optional(),
  from: z.string().min(4).max(20).optional().describe('First period included'),
  to: z.string().min(4).max(20).optional().describe('Last period included'),
});

const ImportError = ErrorBody.extend({
  error: ErrorBody.shape.error.extend({
    data: z.object({ rows: z.array(z.object({ row: z.number().int(), id: z.string(), valid: z.boolean(), reason: z.string() })) }).optional(),
  }),
}).describe('A bad file: every bad row with its number (header = row 1) and reason; nothing was written');

export const observationsRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  // Only this plugin reads CSV bodies; the limit is Fastify's default body limit.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get('/api/workspaces/:ws/observations', {
    config: { permission: 'read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Observations, by indicator, unit and period range',
      params: WorkspaceParams,
      querystring: Filter,
      response: { 200: z.object({ observations: z.array(Observation) }), ...errorResponses },
    },
  }, async (req) => {
    const see = await indicatorFilter(db, req.params.ws, roleIn(req.principal, req.params.ws));
    return { observations: (await listObservations(db, req.params.ws, req.query)).filter((o) => see(o.indicator_id)) };
  });

  app.post('/api/workspaces/:ws/observations', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Adds or replaces observations (same indicator, unit and period replaces); all rows or none',
      params: WorkspaceParams,
      body: z.object({ observations: z.array(ObservationIn).min(1).max(10000) }),
      response: { 200: z.object({ inserted: z.number().int(), updated: z.number().int() }), 400: ImportError, 404: ErrorBody, 500: ErrorBody },
    },
  }, async (req) => addObservations(db, req.params.ws, req.body.observations));

  app.delete('/api/workspaces/:ws/observations', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Deletes one observation (indicator, unit and period) or all of an indicator and/or unit',
      params: WorkspaceParams,
      querystring: Filter.extend({ period: z.string().min(4).max(20).optional() }),
      response: { 200: z.object({ deleted: z.number().int() }), ...errorResponses },
    },
  }, async (req) => ({ deleted: await deleteObservations(db, req.params.ws, req.query) }));

  app.post('/api/workspaces/:ws/observations/import', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Imports observations from CSV (indicator_id, unit_code, period, value, source, quality, note); all rows or none',
      params: WorkspaceParams,
      querystring: z.object({ file: z.string().min(1).max(200).default('upload.csv').describe('File name, for the report') }),
      body: z.string().describe('CSV text, UTF-8, Content-Type text/csv'),
      response: {
        200: z.object({ file: z.string(), sha256: z.string(), batch: z.string(), rows: z.number().int(), inserted: z.number().int(), updated: z.number().int() }),
        400: ImportError, 404: ErrorBody, 500: ErrorBody,
      },
    },
  }, async (req) => importObservationsCsv(db, req.params.ws, req.body, { file: req.query.file, clock }));

  app.get('/api/workspaces/:ws/observations.csv', {
    config: { permission: 'read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Observations as CSV, in the columns the import reads',
      params: WorkspaceParams,
      querystring: Filter,
      response: { 200: z.string(), ...errorResponses },
    },
  }, async (req, reply) => {
    const see = await indicatorFilter(db, req.params.ws, roleIn(req.principal, req.params.ws));
    const csv = await exportObservationsCsv(db, req.params.ws, req.query, see);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${req.params.ws}-observations.csv"`)
      .send(csv);
  });
};
