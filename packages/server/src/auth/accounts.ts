// Users and their roles per workspace. Passwords are kept as scrypt hashes (Node's crypto) with a
// per-user salt; a login compares in constant time and costs the same whether the email exists or not.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DothiError } from '@dothi/engine';
import { ISO } from '../store/db.ts';
import type { Queryable } from '../store/db.ts';
import type { Role } from './access.ts';

// N = 2^15, r = 8: about 32 MiB and tens of milliseconds per hash, OWASP's scrypt minimum or above.
const N = 32768;
const R = 8;
const P = 1;
const KEY_LEN = 32;
export const MIN_PASSWORD_LENGTH = 12;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [tag, n, r, p, salt, key] = stored.split('$');
  if (tag !== 'scrypt' || !n || !r || !p || salt === undefined || key === undefined) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return got.length === want.length && timingSafeEqual(got, want);
}

// Verifying against this when the email is unknown keeps both answers equally slow.
let decoy: Promise<string> | undefined;

export interface User {
  user_id: string;
  email: string;
  is_admin: boolean;
  created_at: string;
}

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(e)) throw new DothiError('DOTHI_USAGE', { detail: `"${email}" is not an email address` });
  return e;
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new DothiError('DOTHI_AUTH_WEAK_PASSWORD', { min: MIN_PASSWORD_LENGTH });
}

export async function createUser(db: Queryable, input: { email: string; password: string; isAdmin: boolean }, clock: () => Date): Promise<User> {
  const email = normaliseEmail(input.email);
  checkPassword(input.password);
  const { rows: existing } = await db.query('select 1 from app_user where email = $1', [email]);
  if (existing.length > 0) throw new DothiError('DOTHI_AUTH_USER_EXISTS', { email });
  const id = `u_${randomBytes(9).toString('base64url')}`;
  const { rows } = await db.query<User>(
    `insert into app_user (user_id, email, password_hash, is_admin, created_at) values ($1, $2, $3, $4, $5)
     returning user_id, email, is_admin, ${ISO('created_at')} created_at`,
    [id, email, await hashPassword(input.password), input.isAdmin, clock()],
  );
  return rows[0]!;
}

/** The user whose email and password these are, or undefined (never saying which of the two was wrong). */
export async function authenticate(db: Queryable, email: string, password: string): Promise<User | undefined> {
  const { rows } = await db.query<User & { password_hash: string }>(
    `select user_id, email, is_admin, ${ISO('created_at')} created_at, password_hash from app_user where email = $1`,
    [email.trim().toLowerCase()],
  );
  const row = rows[0];
  if (!row) {
    decoy ??= hashPassword(randomBytes(12).toString('base64url'));
    await verifyPassword(password, await decoy);
    return undefined;
  }
  if (!(await verifyPassword(password, row.password_hash))) return undefined;
  const { password_hash: _hash, ...user } = row;
  return user;
}

export async function getUserByEmail(db: Queryable, email: string): Promise<User> {
  const e = normaliseEmail(email);
  const { rows } = await db.query<User>(`select user_id, email, is_admin, ${ISO('created_at')} created_at from app_user where email = $1`, [e]);
  if (!rows[0]) throw new DothiError('DOTHI_AUTH_USER_NOT_FOUND', { email: e });
  return rows[0];
}

export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int n from app_user');
  return rows[0]?.n ?? 0;
}

export async function rolesOf(db: Queryable, userId: string): Promise<Map<string, Role>> {
  const { rows } = await db.query<{ workspace_id: string; role: Role }>('select workspace_id, role from membership where user_id = $1', [userId]);
  return new Map(rows.map((r) => [r.workspace_id, r.role]));
}

export interface Member {
  email: string;
  role: Role;
  created_at: string;
}

export async function setMembership(db: Queryable, workspace: string, email: string, role: Role, clock: () => Date): Promise<{ before: Role | null; member: Member }> {
  const user = await getUserByEmail(db, email);
  const { rows: prev } = await db.query<{ role: Role }>('select role from membership where workspace_id = $1 and user_id = $2', [workspace, user.user_id]);
  await db.query(
    `insert into membership (workspace_id, user_id, role, created_at) values ($1, $2, $3, $4)
     on conflict (workspace_id, user_id) do update set role = excluded.role`,
    [workspace, user.user_id, role, clock()],
  );
  const members = await listMembers(db, workspace);
  return { before: prev[0]?.role ?? null, member: members.find((m) => m.email === user.email)! };
}

export async function removeMembership(db: Queryable, workspace: string, email: string): Promise<Role> {
  const user = await getUserByEmail(db, email);
  const { rows } = await db.query<{ role: Role }>('delete from membership where workspace_id = $1 and user_id = $2 returning role', [workspace, user.user_id]);
  if (!rows[0]) throw new DothiError('DOTHI_AUTH_USER_NOT_FOUND', { email: user.email });
  return rows[0].role;
}

export async function listMembers(db: Queryable, workspace: string): Promise<Member[]> {
  const { rows } = await db.query<Member>(
    `select u.email, m.role, ${ISO('m.created_at')} created_at from membership m join app_user u using (user_id)
     where m.workspace_id = $1 order by u.email`,
    [workspace],
  );
  return rows;
}
