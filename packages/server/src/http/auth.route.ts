// Signing in and out of the web app, and who the caller is. A session is two cookies: the secret
// (HttpOnly, SameSite=Lax, Secure over HTTPS) and its CSRF token, which scripts on the page read and
// send back as x-csrf-token with every change.

import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DothiError } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { isAdmin } from '../auth/access.ts';
import { authenticate, rolesOf } from '../auth/accounts.ts';
import { createSession, endSession, SESSION_HOURS } from '../auth/credentials.ts';
import type { AccountsProbe } from './access-guard.ts';
import { CSRF_COOKIE, parseCookies, SESSION_COOKIE } from './access-guard.ts';
import { ErrorBody } from './schemas.ts';

const Me = z.object({
  kind: z.enum(['local', 'public', 'user', 'token']).describe('local: this machine in single-user mode, before the first account exists'),
  accounts: z.boolean().describe('Whether the server has accounts (so signing in means something)'),
  email: z.string().nullable(),
  is_admin: z.boolean(),
  roles: z.array(z.object({ workspace_id: z.string(), role: z.string() })),
  csrf_token: z.string().nullable().describe('Send as x-csrf-token with every change made in this session'),
});

const LoginBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });

const roleList = (roles: Iterable<readonly [string, string]>): Array<{ workspace_id: string; role: string }> =>
  [...roles].map(([workspace_id, role]) => ({ workspace_id, role })).sort((a, b) => a.workspace_id.localeCompare(b.workspace_id));

function cookie(req: FastifyRequest, name: string, value: string, maxAge: number, httpOnly: boolean): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${maxAge}`, httpOnly ? 'SameSite=Lax' : 'SameSite=Strict'];
  if (httpOnly) parts.push('HttpOnly');
  if (req.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

export const authRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date; probe: AccountsProbe }> = async (app, { db, clock, probe }) => {
  app.get('/api/auth/me', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Who the caller is: signed-in user, API token, this machine (single-user mode) or the public', response: { 200: Me, 500: ErrorBody } },
  }, async (req) => {
    const p = req.principal;
    const roles = p.kind === 'user' ? [...p.roles] : p.kind === 'token' ? [[p.workspace, p.role] as const] : [];
    return {
      kind: p.kind,
      accounts: await probe.exist(),
      email: p.kind === 'user' ? p.email : null,
      is_admin: isAdmin(p),
      roles: roleList(roles),
      csrf_token: p.kind === 'user' ? p.csrf : null,
    };
  });

  app.post('/api/auth/login', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookies', body: LoginBody, response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 500: ErrorBody } },
  }, async (req, reply) => {
    req.audit = { actor: `login:${req.body.email.trim().toLowerCase().slice(0, 320)}`, always: true };
    const user = await authenticate(db, req.body.email, req.body.password);
    if (!user) throw new DothiError('DOTHI_AUTH_LOGIN_FAILED');
    const s = await createSession(db, user.user_id, clock);
    const maxAge = SESSION_HOURS * 3600;
    reply.header('set-cookie', [cookie(req, SESSION_COOKIE, s.session, maxAge, true), cookie(req, CSRF_COOKIE, s.csrf, maxAge, false)]);
    req.audit = { actor: `user:${user.email}` };
    const roles = await rolesOf(db, user.user_id);
    return {
      kind: 'user' as const,
      accounts: true,
      email: user.email,
      is_admin: user.is_admin,
      roles: roleList(roles),
      csrf_token: s.csrf,
    };
  });

  app.post('/api/auth/logout', {
    config: { permission: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session and clears its cookies', response: { 204: z.null(), 403: ErrorBody, 500: ErrorBody } },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    const session = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (session) await endSession(db, session);
    reply.header('set-cookie', [cookie(req, SESSION_COOKIE, '', 0, true), cookie(req, CSRF_COOKIE, '', 0, false)]);
    return reply.code(204).send(null);
  });
};
