// Web sessions and API tokens. Both are random secrets handed out once; only their SHA-256 is
// stored, so a copy of the database lets nobody sign in. Tokens are scoped to one workspace and role,
// may expire, and are revoked rather than deleted so the audit log's actors stay resolvable.

import { createHash, randomBytes } from 'node:crypto';
import { DothiError } from '@dothi/engine';
import { ISO } from '../store/db.ts';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import type { Principal, Role } from './access.ts';
import { rolesOf } from './accounts.ts';

export const SESSION_HOURS = 12;
const TOKEN_PREFIX = 'dothi_';

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const secret = (): string => randomBytes(32).toString('base64url');

export async function createSession(db: Queryable, userId: string, clock: () => Date): Promise<{ session: string; csrf: string; expires: Date }> {
  const session = secret();
  const csrf = secret();
  const now = clock();
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.query('delete from user_session where expires_at < $1', [now]);
  await db.query('insert into user_session (session_hash, user_id, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5)', [sha256(session), userId, csrf, now, expires]);
  return { session, csrf, expires };
}

export async function sessionPrincipal(db: Queryable, session: string, clock: () => Date): Promise<Principal | undefined> {
  const { rows } = await db.query<{ user_id: string; email: string; is_admin: boolean; csrf_token: string }>(
    `select u.user_id, u.email, u.is_admin, s.csrf_token from user_session s join app_user u using (user_id)
     where s.session_hash = $1 and s.expires_at > $2`,
    [sha256(session), clock()],
  );
  const r = rows[0];
  if (!r) return undefined;
  return { kind: 'user', userId: r.user_id, email: r.email, isAdmin: r.is_admin, roles: await rolesOf(db, r.user_id), csrf: r.csrf_token };
}

export async function endSession(db: Queryable, session: string): Promise<void> {
  await db.query('delete from user_session where session_hash = $1', [sha256(session)]);
}

export interface TokenInfo {
  token_id: string;
  workspace_id: string;
  role: Role;
  label: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const TOKEN_COLUMNS = `token_id, workspace_id, role, label, created_by, ${ISO('created_at')} created_at, ${ISO('expires_at')} expires_at, ${ISO('revoked_at')} revoked_at`;

export async function createToken(
  db: Queryable,
  input: { workspace: string; role: Role; expiresDays?: number | undefined; label?: string | undefined; createdBy: string },
  clock: () => Date,
): Promise<{ token: string; info: TokenInfo }> {
  await getWorkspace(db, input.workspace);
  if (input.expiresDays !== undefined && !(Number.isFinite(input.expiresDays) && input.expiresDays > 0)) {
    throw new DothiError('DOTHI_USAGE', { detail: `a token's lifetime must be a positive number of days, not ${input.expiresDays}` });
  }
  const token = `${TOKEN_PREFIX}${secret()}`;
  const id = `t_${randomBytes(6).toString('base64url')}`;
  const now = clock();
  const expires = input.expiresDays === undefined ? null : new Date(now.getTime() + input.expiresDays * 86_400_000);
  const { rows } = await db.query<TokenInfo>(
    `insert into api_token (workspace_id, token_id, token_hash, role, label, created_by, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${TOKEN_COLUMNS}`,
    [input.workspace, id, sha256(token), input.role, input.label ?? null, input.createdBy, now, expires],
  );
  return { token, info: rows[0]! };
}

export async function tokenPrincipal(db: Queryable, token: string, clock: () => Date): Promise<Principal | undefined> {
  const { rows } = await db.query<{ token_id: string; workspace_id: string; role: Role }>(
    `select token_id, workspace_id, role from api_token
     where token_hash = $1 and revoked_at is null and (expires_at is null or expires_at > $2)`,
    [sha256(token), clock()],
  );
  const r = rows[0];
  return r ? { kind: 'token', tokenId: r.token_id, workspace: r.workspace_id, role: r.role } : undefined;
}

/** Revokes by id or by the token itself (whoever holds a leaked token can name it). */
export async function revokeToken(db: Queryable, workspace: string, idOrToken: string, clock: () => Date): Promise<TokenInfo> {
  const byToken = idOrToken.startsWith(TOKEN_PREFIX);
  const { rows } = await db.query<TokenInfo>(
    `update api_token set revoked_at = coalesce(revoked_at, $3)
     where workspace_id = $1 and ${byToken ? 'token_hash' : 'token_id'} = $2 returning ${TOKEN_COLUMNS}`,
    [workspace, byToken ? sha256(idOrToken) : idOrToken, clock()],
  );
  if (!rows[0]) throw new DothiError('DOTHI_AUTH_TOKEN_NOT_FOUND', { workspace, token: byToken ? `${idOrToken.slice(0, 10)}…` : idOrToken });
  return rows[0];
}

export async function listTokens(db: Queryable, workspace: string): Promise<TokenInfo[]> {
  const { rows } = await db.query<TokenInfo>(`select ${TOKEN_COLUMNS} from api_token where workspace_id = $1 order by created_at, token_id`, [workspace]);
  return rows;
}
