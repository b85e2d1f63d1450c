// A workspace owner's controls: who has which role, the API tokens scripts use, and the audit log
// (as JSON pages or a CSV export). The site-wide log (accounts, new workspaces) is for administrators.

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { actorName, ROLES } from '../auth/access.ts';
import { listMembers, removeMembership, setMembership } from '../auth/accounts.ts';
import { createToken, listTokens, revokeToken } from '../auth/credentials.ts';
import { auditCsv, listAudit } from '../audit/audit-log.ts';
import { ErrorBody, errorResponses, WorkspaceParams } from './schemas.ts';

const RoleEnum = z.enum(ROLES);
const Member = z.object({ email: z.string(), role: RoleEnum, created_at: z.string() });
const TokenInfo = z.object({
  token_id: z.string(),
  workspace_id: z.string(),
  role: RoleEnum,
  label: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
const AuditRow = z.object({
  audit_id: z.number().int(),
  workspace_id: z.string().nullable(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  request_id: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});
const AuditQuery = z.object({
  after: z.coerce.number().int().min(0).optional().describe('Entries after this audit_id (for paging)'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});
const AuditPage = z.union([z.object({ entries: z.array(AuditRow) }), z.string().describe('CSV when format=csv')]);
const MemberParams = WorkspaceParams.extend({ email: z.string().min(3).max(320) });
const TokenParams = WorkspaceParams.extend({ token: z.string().min(1).max(200).describe('Token id (t_…) or the token itself') });
const TAGS = ['access'];
const manage = { permission: 'manage' as const };

export const accessRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (app, { db, clock }) => {
  app.get('/api/workspaces/:ws/members', {
    config: manage,
    schema: { tags: TAGS, summary: 'Members of the workspace and their roles', params: WorkspaceParams, response: { 200: z.object({ members: z.array(Member) }), ...errorResponses } },
  }, async (req) => {
    await getWorkspace(db, req.params.ws);
    return { members: await listMembers(db, req.params.ws) };
  });

  app.put('/api/workspaces/:ws/members/:email', {
    config: manage,
    schema: { tags: TAGS, summary: 'Give an existing user a role in the workspace (or change it)', params: MemberParams, body: z.object({ role: RoleEnum }), response: { 200: Member, ...errorResponses } },
  }, async (req) => {
    await getWorkspace(db, req.params.ws);
    const { before, member } = await setMembership(db, req.params.ws, req.params.email, req.body.role, clock);
    req.audit = { before: { role: before }, after: { role: member.role } };
    return member;
  });

  app.delete('/api/workspaces/:ws/members/:email', {
    config: manage,
    schema: { tags: TAGS, summary: 'Remove a user from the workspace', params: MemberParams, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const role = await removeMembership(db, req.params.ws, req.params.email);
    req.audit = { before: { role }, after: { role: null } };
    return reply.code(204).send(null);
  });

  app.get('/api/workspaces/:ws/tokens', {
    config: manage,
    schema: { tags: TAGS, summary: 'API tokens of the workspace (never the secrets)', params: WorkspaceParams, response: { 200: z.object({ tokens: z.array(TokenInfo) }), ...errorResponses } },
  }, async (req) => ({ tokens: await listTokens(db, req.params.ws) }));

  app.post('/api/workspaces/:ws/tokens', {
    config: manage,
    schema: {
      tags: TAGS,
      summary: 'Create an API token; the secret is in this response only',
      params: WorkspaceParams,
      body: z.object({ role: RoleEnum, expires_days: z.number().positive().max(3650).optional(), label: z.string().max(200).optional() }),
      response: { 201: TokenInfo.extend({ token: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => {
    const { token, info } = await createToken(db, { workspace: req.params.ws, role: req.body.role, expiresDays: req.body.expires_days, label: req.body.label, createdBy: actorName(req.principal) }, clock);
    return reply.code(201).send({ ...info, token });
  });

  app.delete('/api/workspaces/:ws/tokens/:token', {
    config: manage,
    schema: { tags: TAGS, summary: 'Revoke an API token', params: TokenParams, response: { 200: TokenInfo, ...errorResponses } },
  }, async (req) => revokeToken(db, req.params.ws, req.params.token, clock));

  app.get('/api/workspaces/:ws/audit', {
    config: manage,
    schema: { tags: TAGS, summary: 'The workspace\'s audit log, oldest first (format=csv to export)', params: WorkspaceParams, querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } },
  }, async (req, reply) => {
    await getWorkspace(db, req.params.ws);
    const entries = await listAudit(db, req.params.ws, req.query);
    if (req.query.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.params.ws}-audit.csv"`).serializer((s: string) => s).send(auditCsv(entries));
    }
    return { entries };
  });

  app.get('/api/audit', {
    config: { permission: 'admin' },
    schema: { tags: TAGS, summary: 'The site-wide audit log (accounts, workspaces), for administrators', querystring: AuditQuery, response: { 200: AuditPage, 401: ErrorBody, 403: ErrorBody, 500: ErrorBody } },
  }, async (req, reply) => {
    const entries = await listAudit(db, null, req.query);
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').serializer((s: string) => s).send(auditCsv(entries));
    return { entries };
  });
};
