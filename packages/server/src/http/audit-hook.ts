// Every accepted write goes into the audit log before its response leaves: who (the principal),
// what (method and route, the route's parameters), a summary of the request and of the answer, and
// the before/after a handler records for changes that replace a value. Sign-in attempts are kept
// whether they succeed or not.

import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../store/db.ts';
import { actorName } from '../auth/access.ts';
import { appendAudit, summarise } from '../audit/audit-log.ts';
import { routeWorkspace } from './access-guard.ts';

export interface AuditNote {
  before?: unknown;
  after?: unknown;
  /** Who acted when the principal is not yet known (a sign-in names the account it tried). */
  actor?: string;
  /** Keep the entry even when the request failed. */
  always?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    audit: AuditNote | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuditHook(app: FastifyInstance, db: Queryable, clock: () => Date): void {
  app.decorateRequest('audit', null);
  app.addHook('onSend', async (req, reply, payload) => {
    const url = req.routeOptions.url;
    if (url === undefined || SAFE_METHODS.has(req.method) || !req.principal) return payload;
    if (reply.statusCode >= 400 && !req.audit?.always) return payload;
    let response: unknown = null;
    if (typeof payload === 'string' && payload.length < 65_536) {
      try {
        response = JSON.parse(payload);
      } catch {
        // Not JSON: the status says enough.
      }
    }
    const { ws: _ws, ...target } = (req.params ?? {}) as Record<string, unknown>;
    const note = req.audit ?? {};
    await appendAudit(db, {
      workspace_id: routeWorkspace(req) ?? null,
      actor: note.actor ?? actorName(req.principal),
      action: `${req.method} ${url}`,
      target: Object.keys(target).length > 0 ? JSON.stringify(target) : null,
      request_id: req.id,
      summary: {
        status: reply.statusCode,
        request: summarise(req.body ?? null),
        query: summarise(req.query ?? null),
        response: summarise(response),
        ...(note.before !== undefined ? { before: summarise(note.before) } : {}),
        ...(note.after !== undefined ? { after: summarise(note.after) } : {}),
      },
    }, clock());
    return payload;
  });
}
