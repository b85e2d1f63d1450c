// Composite indices through the API: datasets (COINr's iData and iMeta CSV), specs, builds stored with
// their hashes, stored results, and a preview that builds without storing (the web's index builder).

import { roleIn } from '../auth/access.ts';
import { requireVisible, requireWorkspaceVisible, visibleTo } from '../auth/visibility.ts';
import { z } from 'zod';
import { DothiError } from '@dothi/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import {
  addDataset, buildAndStore, datasetJson, deleteSpec, getResult, getSpec, listDatasets, listResults, listSpecs, loadDataset, saveSpec,
} from '../composite/index-store.ts';
import { ErrorBody, errorResponses, VisibilityEnum, WorkspaceParams } from './schemas.ts';
import { buildOffThread } from '../composite/build-off-thread.ts';

const Source = z.object({
  publisher: z.string().max(500).optional(),
  licence: z.string().max(500).optional(),
  url: z.string().max(2000).optional(),
  files: z.object({ idata: z.string().max(300).optional(), imeta: z.string().max(300).optional() }).optional(),
}).describe('Where the tables come from');

const DatasetSummary = z.object({
  dataset_id: z.string(), name: z.string(), data_hash: z.string().describe('SHA-256 of the parsed data'),
  units: z.number().int(), indicators: z.number().int(), aggregates: z.number().int(), source: Source, created_at: z.string(),
});

const DatasetIn = z.object({
  dataset_id: z.string().min(1).max(63),
  name: z.string().min(1).max(300),
  idata: z.string().min(1).describe('iData CSV text: uCode, uName, group columns, denominators, one column per indicator'),
  imeta: z.string().min(1).describe('iMeta CSV text: iCode, iName, Level, Parent, Weight, Direction, Type, Denominator …'),
  source: Source.optional(),
});

const Spec = z.unknown().describe('An index spec (docs/index-spec.md)');
const SpecRow = z.object({ spec_id: z.string(), spec: Spec, spec_hash: z.string(), created_at: z.string(), visibility: VisibilityEnum });
const Uncertainty = z.object({
  replications: z.number().int().min(10).max(100_000),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
}).describe('Monte Carlo over the spec\'s uncertainty block: median rank, 5–95 % interval, sensitivity');
const Result = z.record(z.string(), z.unknown()).describe('Scores and ranks per unit and level, every intermediate table, weights, log, uncertainty');
const ResultRow = z.object({ result_id: z.string(), spec_id: z.string().nullable(), dataset_id: z.string().nullable(), spec_hash: z.string(), computed_at: z.string() });

const DatasetParams = WorkspaceParams.extend({ id: z.string().min(1).max(63) });
const SpecParams = WorkspaceParams.extend({ id: z.string().min(1).max(63) });
const ResultParams = WorkspaceParams.extend({ id: z.string().min(1).max(100) });
// iData of a few hundred units × a few hundred indicators is a few MB of CSV.
const BODY_LIMIT = 20 * 1024 * 1024;

export const indexRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.post('/api/workspaces/:ws/index-datasets', {
    config: { permission: 'edit' },
    bodyLimit: BODY_LIMIT,
    schema: {
      tags: ['indices'], summary: 'Add an index dataset (COINr iData and iMeta)', params: WorkspaceParams, body: DatasetIn,
      response: { 201: DatasetSummary, 409: ErrorBody, 422: ErrorBody, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await addDataset(db, req.params.ws, req.body, clock)));

  app.get('/api/workspaces/:ws/index-datasets', {
    config: { permission: 'view' },
    schema: { tags: ['indices'], summary: 'List index datasets', params: WorkspaceParams, response: { 200: z.object({ datasets: z.array(DatasetSummary) }), ...errorResponses } },
  }, async (req) => ({ datasets: await listDatasets(db, req.params.ws) }));

  app.get('/api/workspaces/:ws/index-datasets/:id', {
    config: { permission: 'view' },
    schema: {
      tags: ['indices'], summary: 'An index dataset: its tree, units and raw values', params: DatasetParams,
      response: { 200: DatasetSummary.extend({ framework: z.unknown(), units_list: z.unknown(), groups: z.array(z.string()), values: z.unknown() }), ...errorResponses },
    },
  }, async (req) => {
    const { input, summary } = await loadDataset(db, req.params.ws, req.params.id);
    const d = datasetJson(input);
    return { ...summary, framework: d.framework, units_list: d.units, groups: d.groups as string[], values: d.values };
  });

  app.get('/api/workspaces/:ws/index-specs', {
    config: { permission: 'read' },
    schema: { tags: ['indices'], summary: 'List index specs', params: WorkspaceParams, response: { 200: z.object({ specs: z.array(SpecRow) }), ...errorResponses } },
  }, async (req) => {
    const role = roleIn(req.principal, req.params.ws);
    await requireWorkspaceVisible(db, req.params.ws, role);
    const see = await visibleTo(db, 'index_spec', req.params.ws, role);
    return { specs: (await listSpecs(db, req.params.ws)).filter((s) => see(s.spec_id)) };
  });

  app.post('/api/workspaces/:ws/index-specs', {
    config: { permission: 'edit' },
    schema: {
      tags: ['indices'], summary: 'Save a new index spec (validated)', params: WorkspaceParams,
      body: z.object({ spec_id: z.string().min(1).max(63), spec: Spec }), response: { 201: SpecRow, 409: ErrorBody, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await saveSpec(db, req.params.ws, req.body.spec_id, req.body.spec, 'create')));

  app.get('/api/workspaces/:ws/index-specs/:id', {
    config: { permission: 'read' },
    schema: { tags: ['indices'], summary: 'An index spec', params: SpecParams, response: { 200: SpecRow, ...errorResponses } },
  }, async (req) => {
    await requireVisible(db, 'index_spec', req.params.ws, req.params.id, roleIn(req.principal, req.params.ws));
    return getSpec(db, req.params.ws, req.params.id);
  });

  app.put('/api/workspaces/:ws/index-specs/:id', {
    config: { permission: 'edit' },
    schema: { tags: ['indices'], summary: 'Replace an index spec', params: SpecParams, body: z.object({ spec: Spec }), response: { 200: SpecRow, ...errorResponses } },
  }, async (req) => saveSpec(db, req.params.ws, req.params.id, req.body.spec, 'replace'));

  app.delete('/api/workspaces/:ws/index-specs/:id', {
    config: { permission: 'edit' },
    schema: { tags: ['indices'], summary: 'Delete an index spec (its stored results stay)', params: SpecParams, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await deleteSpec(db, req.params.ws, req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/workspaces/:ws/index-specs/:id/build', {
    config: { permission: 'compute' },
    schema: {
      tags: ['indices'], summary: 'Build the index from a dataset with this spec and store the result', params: SpecParams,
      body: z.object({ dataset_id: z.string().min(1).max(63), uncertainty: Uncertainty.optional() }),
      response: { 201: ResultRow.extend({ result: Result }), 422: ErrorBody, ...errorResponses },
    },
  }, async (req, reply) => {
    await requireVisible(db, 'index_spec', req.params.ws, req.params.id, roleIn(req.principal, req.params.ws));
    return reply.code(201).send(await buildAndStore(db, req.params.ws, req.params.id, req.body.dataset_id, req.body.uncertainty, clock));
  });

  app.get('/api/workspaces/:ws/index-results', {
    config: { permission: 'read' },
    schema: {
      tags: ['indices'], summary: 'Stored index results, newest first', params: WorkspaceParams,
      querystring: z.object({ spec: z.string().max(63).optional() }), response: { 200: z.object({ results: z.array(ResultRow) }), ...errorResponses },
    },
  }, async (req) => {
    const role = roleIn(req.principal, req.params.ws);
    await requireWorkspaceVisible(db, req.params.ws, role);
    const see = await visibleTo(db, 'index_spec', req.params.ws, role, 'workspace');
    return { results: (await listResults(db, req.params.ws, { spec: req.query.spec })).filter((r) => see(r.spec_id)) };
  });

  app.get('/api/workspaces/:ws/index-results/:id', {
    config: { permission: 'read' },
    schema: { tags: ['indices'], summary: 'A stored index result in full', params: ResultParams, response: { 200: ResultRow.extend({ result: Result }), ...errorResponses } },
  }, async (req) => {
    const r = await getResult(db, req.params.ws, req.params.id);
    const see = await visibleTo(db, 'index_spec', req.params.ws, roleIn(req.principal, req.params.ws), 'workspace');
    if (!see(r.spec_id)) throw new DothiError('DOTHI_INDEX_RESULT_NOT_FOUND', { workspace: req.params.ws, result: req.params.id });
    return r;
  });

  app.post('/api/workspaces/:ws/index-preview', {
    config: { permission: 'compute' },
    schema: {
      tags: ['indices'], summary: 'Build without storing (the index builder)', params: WorkspaceParams,
      body: z.object({ dataset_id: z.string().min(1).max(63), spec: Spec, uncertainty: Uncertainty.optional() }),
      response: { 200: Result, 422: ErrorBody, ...errorResponses },
    },
  }, async (req) => {
    const { input } = await loadDataset(db, req.params.ws, req.body.dataset_id);
    return buildOffThread(input, req.body.spec, req.body.uncertainty);
  });
};
