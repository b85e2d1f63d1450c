// Targets of a workspace and the progress of every indicator and unit toward them (the published
// SDG progress method, engine monitoring/progress.ts).

import { roleIn } from '../auth/access.ts';
import { indicatorFilter } from '../auth/visibility.ts';
import { z } from 'zod';
import { PROGRESS_STATUSES } from '@dothi/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { COMPARATORS, deleteTarget, listTargets, setTarget } from '../monitoring/targets.ts';
import { progressFor } from '../monitoring/progress-query.ts';
import { QUALITIES } from '../monitoring/observations.ts';
import { errorResponses, WorkspaceParams } from './schemas.ts';

export const Target = z.object({
  indicator_id: z.string(),
  unit_code: z.string(),
  year: z.number().int(),
  value: z.number(),
  comparator: z.enum(COMPARATORS).describe('at_least: reach or exceed; at_most: stay at or below'),
  source: z.string().nullable().describe('The document that sets the target'),
  note: z.string().nullable(),
});

const TargetIn = z.object({
  indicator_id: z.string().min(1).max(200),
  unit_code: z.string().min(1).max(200),
  year: z.number().int().min(1800).max(2200),
  value: z.number(),
  comparator: z.enum(COMPARATORS).optional().describe("From the indicator's direction when absent"),
  source: z.string().max(2000).nullish(),
  note: z.string().max(2000).nullish(),
});

const Point = z.object({ time: z.number(), value: z.number(), period: z.string().optional() });
const LocalText = z.object({ en: z.string(), vi: z.string() });

const Progress = z.object({
  status: z.enum(PROGRESS_STATUSES),
  method: z.enum(['target', 'trend', 'none']),
  reason: z.string().nullable(),
  direction: z.union([z.literal(1), z.literal(-1)]),
  baseline: Point.nullable(),
  latest: Point.nullable(),
  target: z.object({ year: z.number(), value: z.number() }).nullable(),
  observedRate: z.number().nullable().describe('Compound annual growth from the baseline to the latest value'),
  requiredRate: z.number().nullable().describe('Compound annual growth needed from the baseline to meet the target'),
  progressValue: z.number().nullable().describe('R = s·d·CAGR_o/|CAGR_r| with a target; s·d·CAGR_o without'),
  thresholds: z.object({ high: z.number(), med: z.number(), low: z.number() }),
  observedSlope: z.number().nullable(),
  requiredSlope: z.number().nullable(),
  projection: z.object({
    year: z.number(),
    linear: z.number().nullable(),
    compound: z.number().nullable(),
    primary: z.enum(['linear', 'compound']),
    value: z.number().nullable(),
    meetsTarget: z.boolean().nullable(),
  }).nullable(),
});

const ProgressRow = z.object({
  indicator_id: z.string(),
  unit_code: z.string(),
  name: LocalText.nullable(),
  unit: z.string().nullable(),
  series: z.array(z.object({ period: z.string(), value: z.number(), quality: z.enum(QUALITIES) })),
  latest_quality: z.enum(QUALITIES).nullable(),
  targets: z.array(Target),
  assessed_target: Target.nullable(),
  progress: Progress,
});

const Keys = z.object({ indicator: z.string().min(1).max(200), unit: z.string().min(1).max(200), year: z.coerce.number().int().min(1800).max(2200) });

export const targetsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/workspaces/:ws/targets', {
    config: { permission: 'read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Targets, by indicator and unit',
      params: WorkspaceParams,
      querystring: z.object({ indicator: z.string().max(200).optional(), unit: z.string().max(200).optional() }),
      response: { 200: z.object({ targets: z.array(Target) }), ...errorResponses },
    },
  }, async (req) => {
    const see = await indicatorFilter(db, req.params.ws, roleIn(req.principal, req.params.ws));
    return { targets: (await listTargets(db, req.params.ws, req.query)).filter((t) => see(t.indicator_id)) };
  });

  app.post('/api/workspaces/:ws/targets', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Sets a target (replaces the one for the same indicator, unit and year)',
      params: WorkspaceParams,
      body: TargetIn,
      response: { 200: Target, ...errorResponses },
    },
  }, async (req) => setTarget(db, req.params.ws, req.body));

  app.delete('/api/workspaces/:ws/targets', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Deletes one target',
      params: WorkspaceParams,
      querystring: Keys,
      response: { 200: z.object({ deleted: z.literal(1) }), ...errorResponses },
    },
  }, async (req) => {
    await deleteTarget(db, req.params.ws, req.query);
    return { deleted: 1 as const };
  });

  app.get('/api/workspaces/:ws/progress', {
    config: { permission: 'read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Progress status per indicator and unit: baseline, latest, required and observed rates, projection',
      description:
        'Method: Open SDG / Statistics Canada progress measurement (open-sdg.readthedocs.io/en/latest/progress-methodology). ' +
        'With a target, R = s·d·CAGR_observed/|CAGR_required|: achieved when the latest value meets the target, on_track R ≥ 0.95, ' +
        'needs_acceleration 0.60 ≤ R < 0.95, off_track 0 ≤ R < 0.60, regressing R < 0. Without a target, the observed CAGR against 1.5 %, 0.5 % and 0.',
      params: WorkspaceParams,
      querystring: z.object({
        indicator: z.string().max(200).optional(),
        unit: z.string().max(200).optional(),
        baseline: z.coerce.number().int().min(1800).max(2200).optional().describe('Baseline year; the first observation when absent'),
      }),
      response: { 200: z.object({ progress: z.array(ProgressRow) }), ...errorResponses },
    },
  }, async (req) => {
    const see = await indicatorFilter(db, req.params.ws, roleIn(req.principal, req.params.ws));
    const rows = await progressFor(db, req.params.ws, { indicator: req.query.indicator, unit: req.query.unit, baselineYear: req.query.baseline });
    return { progress: rows.filter((r) => see(r.indicator_id)) };
  });
};
