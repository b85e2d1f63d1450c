// Workspaces: the cities, provinces, parks or districts whose data the API serves.

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { createWorkspace, getWorkspace, listWorkspaces, updateWorkspace, WORKSPACE_KINDS } from '../store/workspaces.ts';
import { roleIn } from '../auth/access.ts';
import { requireWorkspaceVisible, visibleWorkspaceIds } from '../auth/visibility.ts';
import { errorResponses, ErrorBody, Workspace, WorkspaceParams } from './schemas.ts';

const CreateBody = z.object({
  workspace_id: z.string().describe('Slug: lower-case letters, digits and hyphens, 2-63 characters'),
  name: z.string().min(1).max(200).optional(),
  kind: z.enum(WORKSPACE_KINDS).default('city'),
});

const ChangeBody = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  min_group_size: z.number().int().min(1).max(1000).optional()
    .describe('Groups of fewer records are withheld from published summaries of personal data (statistical offices use 3 to 10)'),
});

export const workspacesRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/workspaces', {
    config: { permission: 'public' },
    schema: {
      tags: ['workspaces'],
      summary: 'List the workspaces the caller has a role in or that have something published',
      response: { 200: z.object({ workspaces: z.array(Workspace) }), 500: ErrorBody },
    },
  }, async (req) => {
    const all = await listWorkspaces(db);
    const visible = await visibleWorkspaceIds(db, req.principal, all.map((w) => w.workspace_id));
    return { workspaces: all.filter((w) => visible.has(w.workspace_id)) };
  });

  app.post('/api/workspaces', {
    config: { permission: 'admin' },
    schema: {
      tags: ['workspaces'],
      summary: 'Create a workspace',
      body: CreateBody,
      response: { 201: Workspace, 409: ErrorBody, ...errorResponses },
    },
  }, async (req, reply) => {
    const w = await createWorkspace(db, req.body.workspace_id, req.body.name, req.body.kind);
    return reply.code(201).header('location', `/api/workspaces/${encodeURIComponent(w.workspace_id)}`).send(w);
  });

  app.get('/api/workspaces/:ws', {
    config: { permission: 'read' },
    schema: {
      tags: ['workspaces'],
      summary: 'One workspace',
      params: WorkspaceParams,
      response: { 200: Workspace, ...errorResponses },
    },
  }, async (req) => {
    await requireWorkspaceVisible(db, req.params.ws, roleIn(req.principal, req.params.ws));
    return getWorkspace(db, req.params.ws);
  });

  app.patch('/api/workspaces/:ws', {
    config: { permission: 'manage' },
    schema: {
      tags: ['workspaces'],
      summary: 'Rename a workspace or set its minimum group size for published summaries',
      params: WorkspaceParams,
      body: ChangeBody,
      response: { 200: Workspace, ...errorResponses },
    },
  }, async (req) => updateWorkspace(db, req.params.ws, req.body));
};
