// Every request gets a principal (a session cookie, a bearer token, this machine in single-user
// mode, or the public) and every route a declared permission, checked before the body is read.
// A route that declares none is refused to everyone: forgetting is never an open door.

import { DothiError } from '@dothi/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../store/db.ts';
import { allows, isAdmin, roleIn } from '../auth/access.ts';
import type { Permission, Principal } from '../auth/access.ts';
import { countUsers } from '../auth/accounts.ts';
import { sessionPrincipal, tokenPrincipal } from '../auth/credentials.ts';
import { errorPayload } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs (auth/access.ts); every route declares one. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export const SESSION_COOKIE = 'dothi_session';
export const CSRF_COOKIE = 'dothi_csrf';

/** Routes other plugins register (the OpenAPI viewer, the web app's files): declared here by prefix. */
const PLUGIN_ROUTES: ReadonlyArray<readonly [string, Permission]> = [
  ['/api/docs', 'public'],
  // The built web app's files (@fastify/static): the same bundle for everyone; data comes through the API.
  ['/*', 'public'],
  ['/', 'public'],
];

export type AccessMode = 'local' | 'accounts';

export interface GuardOptions {
  /**
   * `local`: while the store has no account, requests from this machine to a loopback host name act
   * as its administrator (the zero-friction embedded mode); `accounts`: never.
   */
  mode: AccessMode;
  clock: () => Date;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed cookie is no credential; the request goes on as if it were absent.
    }
  }
  return out;
}

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * Both the peer address and the Host header must be this machine: a reverse proxy on the same host
 * forwards a public Host, and a DNS-rebinding page in a browser sends its own name.
 */
export function isLoopbackRequest(req: FastifyRequest): boolean {
  return LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '') && LOOPBACK_HOST.test(req.headers.host ?? '');
}

/**
 * Whether the store has accounts. While it has none, a timer asks again twice a second, so an account
 * created elsewhere switches local mode off within a second; requests read the latest answer without
 * waiting, because on the embedded store a query waits for whatever transaction holds the one session
 * (a long import), and every request would wait with it.
 */
export class AccountsProbe {
  private known = false;
  private first: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private asking = false;
  constructor(private readonly db: Queryable) {}

  async exist(): Promise<boolean> {
    if (this.known) return true;
    if (!this.first) {
      this.first = countUsers(this.db);
      this.timer = setInterval(() => void this.ask(), 500).unref();
    }
    // Only the first request waits, for the first answer. Without one (the store is down) the request
    // is treated as if accounts existed, never as this machine's administrator, and the next one asks again.
    try {
      this.known ||= (await this.first) > 0;
    } catch {
      this.first = null;
      this.stop();
      return true;
    }
    if (this.known) this.stop();
    return this.known;
  }

  private async ask(): Promise<void> {
    if (this.asking || this.known) return;
    this.asking = true;
    try {
      this.known = (await countUsers(this.db)) > 0;
      if (this.known) this.stop();
    } catch {
      // The store is closing or down: requests fail on their own queries; the next tick asks again.
    } finally {
      this.asking = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (!auth) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m?.[1]) throw new DothiError('DOTHI_AUTH_TOKEN_INVALID');
  return m[1];
}

async function resolvePrincipal(db: Queryable, req: FastifyRequest, opts: GuardOptions, probe: AccountsProbe): Promise<Principal> {
  const token = bearer(req);
  if (token !== undefined) {
    const p = await tokenPrincipal(db, token, opts.clock);
    if (!p) throw new DothiError('DOTHI_AUTH_TOKEN_INVALID');
    return p;
  }
  const session = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (session) {
    const p = await sessionPrincipal(db, session, opts.clock);
    if (p) return p;
  }
  if (opts.mode === 'local' && isLoopbackRequest(req) && !(await probe.exist())) return { kind: 'local' };
  return { kind: 'public' };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function routeWorkspace(req: FastifyRequest): string | undefined {
  const params = req.params as Record<string, unknown> | undefined;
  return typeof params?.ws === 'string' ? params.ws : undefined;
}

/** The permission a route declares, from its own config or, for plugin routes, PLUGIN_ROUTES. */
export function declaredPermission(url: string, config: { permission?: Permission } | undefined): Permission | undefined {
  return config?.permission ?? PLUGIN_ROUTES.find(([prefix]) => url === prefix || (prefix !== '/' && prefix !== '/*' && url.startsWith(`${prefix}/`)))?.[1];
}

export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission | undefined;
}

const TABLES = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route registered after the guard, with the permission it declares (the permission test walks it). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return TABLES.get(app) ?? [];
}

export function registerAccessGuard(app: FastifyInstance, db: Queryable, opts: GuardOptions, probe: AccountsProbe): void {
  const table: RouteEntry[] = [];
  TABLES.set(app, table);
  app.addHook('onClose', async () => probe.stop());
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      table.push({ method, url: r.url, permission: declaredPermission(r.url, r.config as { permission?: Permission } | undefined) });
    }
  });
  app.decorateRequest<Principal | null>('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    const send = (e: DothiError) => reply.code(e.status).type('application/json; charset=utf-8').send(errorPayload(e));
    const url = req.routeOptions.url;
    // No route matched: the not-found handler answers, and it reveals nothing.
    if (url === undefined) return;
    const permission = declaredPermission(url, req.routeOptions.config);
    if (permission === undefined) return send(new DothiError('DOTHI_AUTH_UNDECLARED', { route: `${req.method} ${url}` }));
    let principal: Principal;
    try {
      principal = await resolvePrincipal(db, req, opts, probe);
    } catch (e) {
      if (e instanceof DothiError) return send(e);
      throw e;
    }
    req.principal = principal;
    if (principal.kind === 'user' && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== principal.csrf) {
      return send(new DothiError('DOTHI_AUTH_CSRF'));
    }
    const ws = routeWorkspace(req);
    if (allows(principal, permission, ws)) return;
    const action = `${req.method} ${url}`;
    if (principal.kind === 'public') return send(new DothiError('DOTHI_AUTH_REQUIRED', { action }));
    const role = ws === undefined ? (isAdmin(principal) ? 'admin' : 'user') : roleIn(principal, ws);
    return send(new DothiError('DOTHI_AUTH_FORBIDDEN', { role, workspace: ws ?? '*', action }));
  });
}
