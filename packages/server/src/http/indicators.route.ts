// Indicator catalogs (frameworks, entries with their crosswalk links), a workspace's custom indicators,
// benchmarks of units or peer workspaces, and the values computed from layers with their provenance
// (and recorded as observations on request).

import { roleIn } from '../auth/access.ts';
import { indicatorFilter } from '../auth/visibility.ts';
import { z } from 'zod';
import { DothiError } from '@dothi/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadCatalogs } from '../indicators/catalogs.ts';
import type { Db } from '../store/db.ts';
import { createCustomIndicator, listCustomIndicators } from '../monitoring/custom-indicators.ts';
import { benchmarkFor } from '../monitoring/benchmark-query.ts';
import { getResult, listResults } from '../monitoring/results.ts';
import { recordResult } from '../monitoring/record-result.ts';
import { QUALITIES } from '../monitoring/observations.ts';
import { errorResponses, WorkspaceParams } from './schemas.ts';

const Entry = z.record(z.string(), z.unknown()).describe('An indicator entry (catalogs/schema/indicator.schema.json)');

const CustomIndicator = z.object({ indicator_id: z.string(), definition: Entry, created_at: z.string() });

const List = z
  .string()
  .max(4000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0));

/** Case- and accent-insensitive, so "cay xanh" finds "cây xanh". */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

function searchable(e: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk([e.id, e.code, e.name, e.description, e.dimension, e.category]);
  return fold(parts.join(' '));
}

const Run = z.object({
  result_id: z.number().int(),
  calculator: z.string(),
  calculator_version: z.string(),
  measure_unit: z.string(),
  computed_at: z.string(),
  inputs: z.array(z.object({ role: z.string(), layerId: z.string(), version: z.number().int() })),
  whole: z.number().nullable().describe('The value over the whole workspace'),
  values: z.array(z.object({ unit_code: z.string(), value: z.number().nullable(), note: z.string().nullable() })),
});

const Benchmark = z.object({
  ties: z.enum(['min', 'average', 'dense']),
  indicators: z.array(z.object({ id: z.string(), direction: z.union([z.literal(1), z.literal(-1)]), dimension: z.string().optional() })),
  dimensions: z.array(z.string()),
  units: z.array(z.object({
    unit: z.string(),
    values: z.array(z.number().nullable()),
    ranks: z.array(z.number().nullable()).describe('1 = best in the indicator\'s direction; ties share a rank by the `ties` rule'),
    normalised: z.array(z.number().nullable()).describe('Min-max to 0-100 across the compared units, 100 = best'),
    dimensions: z.record(z.string(), z.number().nullable()).describe('Mean normalised value per dimension, for radar charts'),
  })),
  periods: z.array(z.array(z.string().nullable())),
  assumed_direction: z.array(z.string()),
});

export const indicatorsRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db }) => {
  app.get('/api/catalogs/frameworks', {
    config: { permission: 'public' },
    schema: { tags: ['catalogs'], summary: 'Indicator frameworks (U4SSC, GGGI, ISO 37120, …) and their hierarchy', response: { 200: z.object({ frameworks: z.array(z.unknown()) }) } },
  }, async () => ({ frameworks: [...loadCatalogs().frameworks] }));

  app.get('/api/catalogs/indicators', {
    config: { permission: 'public' },
    schema: {
      tags: ['catalogs'],
      summary: 'Catalog indicators, by framework and text (names in English or Vietnamese, accents optional)',
      querystring: z.object({ framework: z.string().max(60).optional(), q: z.string().max(200).optional() }),
      response: { 200: z.object({ indicators: z.array(Entry) }) },
    },
  }, async (req) => {
    const q = req.query.q ? fold(req.query.q.trim()) : '';
    const all = loadCatalogs().indicators as unknown as ReadonlyArray<Record<string, unknown>>;
    return {
      indicators: all.filter((e) => (!req.query.framework || e.framework === req.query.framework) && (!q || searchable(e).includes(q))),
    };
  });

  app.get('/api/catalogs/indicators/:id', {
    config: { permission: 'public' },
    schema: {
      tags: ['catalogs'],
      summary: 'One catalog indicator and the indicators the crosswalk links it to',
      params: z.object({ id: z.string().min(1).max(200) }),
      response: { 200: z.object({ indicator: Entry, linked: z.unknown() }), 404: errorResponses[404] },
    },
  }, async (req) => {
    const c = loadCatalogs();
    const e = c.byId.get(req.params.id);
    if (!e) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { indicator: req.params.id, workspace: '-' });
    return { indicator: e as unknown as Record<string, unknown>, linked: c.linked(req.params.id) };
  });

  app.get('/api/workspaces/:ws/indicators', {
    config: { permission: 'read' },
    schema: { tags: ['catalogs'], summary: "The workspace's custom indicators", params: WorkspaceParams, response: { 200: z.object({ indicators: z.array(CustomIndicator) }), ...errorResponses } },
  }, async (req) => {
    const see = await indicatorFilter(db, req.params.ws, roleIn(req.principal, req.params.ws));
    return { indicators: (await listCustomIndicators(db, req.params.ws)).filter((i) => see(i.indicator_id)) };
  });

  app.post('/api/workspaces/:ws/indicators', {
    config: { permission: 'edit' },
    schema: {
      tags: ['catalogs'],
      summary: 'Adds a custom indicator (id custom:<slug>), checked against the catalogs\' indicator schema',
      params: WorkspaceParams,
      body: Entry,
      response: { 201: CustomIndicator, ...errorResponses, 409: errorResponses[404] },
    },
  }, async (req, reply) => reply.code(201).send(await createCustomIndicator(db, req.params.ws, req.body)));

  app.get('/api/workspaces/:ws/benchmark', {
    config: { permission: 'read' },
    schema: {
      tags: ['monitoring'],
      summary: 'Units (or peer workspaces) side by side: latest values, ranks by direction, normalised values and dimension means',
      params: WorkspaceParams,
      querystring: z.object({
        indicators: List.describe('Indicator ids, comma-separated'),
        units: List.optional().describe('Unit codes, comma-separated; every unit with data when absent'),
        peers: List.optional().describe('Other workspaces to compare on their _workspace values'),
        at: z.string().max(20).optional().describe('Latest value at or before this period'),
        ties: z.enum(['min', 'average', 'dense']).default('min'),
      }),
      response: { 200: Benchmark, ...errorResponses },
    },
  }, async (req) => {
    const ws = req.params.ws;
    // Peers the caller cannot see are missing workspaces; indicators it cannot see are unknown here and missing there.
    const filters = new Map<string, (id: string) => boolean>();
    for (const w of new Set([ws, ...(req.query.peers ?? [])])) filters.set(w, await indicatorFilter(db, w, roleIn(req.principal, w)));
    for (const id of req.query.indicators) if (!filters.get(ws)?.(id)) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { indicator: id, workspace: ws });
    const b = await benchmarkFor(db, ws, { ...req.query, keep: (w, id) => filters.get(w)?.(id) ?? false });
    return {
      ...b,
      indicators: [...b.indicators],
      dimensions: [...b.dimensions],
      units: b.units.map((u) => ({ ...u, values: [...u.values], ranks: [...u.ranks], normalised: [...u.normalised], dimensions: { ...u.dimensions } })),
    };
  });

  app.get('/api/workspaces/:ws/results', {
    config: { permission: 'view' },
    schema: {
      tags: ['monitoring'],
      summary: 'Indicator values computed from layers, with calculator version and layer versions; newest first',
      params: WorkspaceParams,
      querystring: z.object({
        calculator: z.string().max(100).optional(),
        latest: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Only the newest run of each calculator'),
      }),
      response: { 200: z.object({ results: z.array(Run) }), ...errorResponses },
    },
  }, async (req) => ({ results: await listResults(db, req.params.ws, req.query) }));

  app.get('/api/workspaces/:ws/results/:id', {
    config: { permission: 'view' },
    schema: {
      tags: ['monitoring'],
      summary: 'One computed run',
      params: WorkspaceParams.extend({ id: z.coerce.number().int().min(1) }),
      response: { 200: Run, ...errorResponses },
    },
  }, async (req) => getResult(db, req.params.ws, req.params.id));

  app.post('/api/workspaces/:ws/results/:id/observations', {
    config: { permission: 'edit' },
    schema: {
      tags: ['monitoring'],
      summary: 'Records a computed run as observations for a period (every unit and the whole workspace), traced to the run in their source',
      params: WorkspaceParams.extend({ id: z.coerce.number().int().min(1) }),
      body: z.object({
        period: z.string().min(4).max(20).describe('The period the data describes: 2026, 2026-H1, 2026-Q1 or 2026-01'),
        quality: z.enum(QUALITIES).default('measured'),
        indicator_id: z.string().min(1).max(200).optional().describe('Indicator to record under; dothi:<calculator> when absent'),
      }),
      response: { 200: z.object({ indicator_id: z.string(), inserted: z.number().int(), updated: z.number().int() }), ...errorResponses },
    },
  }, async (req) => recordResult(db, req.params.ws, req.params.id, { period: req.body.period, quality: req.body.quality, indicator: req.body.indicator_id }));
};
