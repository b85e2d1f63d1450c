// Who sees a layer, an indicator or an index spec: private (planners and owners), workspace
// (analysts and up) or published (everyone, signed in or not). Changing it is a planner's call.

import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { setVisibility, visibilities } from '../auth/visibility.ts';
import type { VisibleKind } from '../auth/visibility.ts';
import { knownIndicators } from '../monitoring/known-indicators.ts';
import { DothiError } from '@dothi/engine';
import { errorResponses, VisibilityEnum, WorkspaceParams } from './schemas.ts';

const Body = z.object({ visibility: VisibilityEnum });
const Answer = z.object({ id: z.string(), before: VisibilityEnum, visibility: VisibilityEnum });

export const visibilityRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  /** Sets it, and records what it was and became in the audit entry of the request. */
  const change = async (req: FastifyRequest, kind: VisibleKind, ws: string, id: string, visibility: z.infer<typeof VisibilityEnum>) => {
    if (kind === 'indicator' && !(await knownIndicators(db, ws)).has(id)) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { workspace: ws, indicator: id });
    const { before, after } = await setVisibility(db, kind, ws, id, visibility);
    req.audit = { before: { visibility: before }, after: { visibility: after } };
    return { id, before, visibility: after };
  };

  app.put('/api/workspaces/:ws/layers/:layer/visibility', {
    config: { permission: 'edit' },
    schema: { tags: ['layers'], summary: 'Set who sees a layer', params: WorkspaceParams.extend({ layer: z.string().min(1).max(100) }), body: Body, response: { 200: Answer, ...errorResponses } },
  }, async (req) => change(req, 'layer', req.params.ws, req.params.layer, req.body.visibility));

  app.put('/api/workspaces/:ws/indicators/:id/visibility', {
    config: { permission: 'edit' },
    schema: { tags: ['catalogs'], summary: 'Set who sees an indicator\'s observations, targets and progress in this workspace', params: WorkspaceParams.extend({ id: z.string().min(1).max(200) }), body: Body, response: { 200: Answer, ...errorResponses } },
  }, async (req) => change(req, 'indicator', req.params.ws, req.params.id, req.body.visibility));

  app.get('/api/workspaces/:ws/indicators/visibility', {
    config: { permission: 'view' },
    schema: { tags: ['catalogs'], summary: 'Indicators whose visibility was set in this workspace (others are "workspace")', params: WorkspaceParams, response: { 200: z.object({ indicators: z.record(z.string(), VisibilityEnum) }), ...errorResponses } },
  }, async (req) => ({ indicators: Object.fromEntries(await visibilities(db, 'indicator', req.params.ws)) }));

  app.put('/api/workspaces/:ws/index-specs/:id/visibility', {
    config: { permission: 'edit' },
    schema: { tags: ['indices'], summary: 'Set who sees an index spec and the results built from it', params: WorkspaceParams.extend({ id: z.string().min(1).max(100) }), body: Body, response: { 200: Answer, ...errorResponses } },
  }, async (req) => change(req, 'index_spec', req.params.ws, req.params.id, req.body.visibility));
};
