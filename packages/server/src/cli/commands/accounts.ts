// dothi admin create | user create | member set|remove | members | token create|revoke|list |
// visibility set | audit: accounts, roles, API tokens, visibility and the audit log, for whoever
// runs the server (the CLI works on the store directly and acts as the machine's operator).

import fs from 'node:fs';
import { DothiError } from '@dothi/engine';
import { isRole, isVisibility, ROLES, VISIBILITIES } from '../../auth/access.ts';
import type { Role } from '../../auth/access.ts';
import { createUser, listMembers, removeMembership, setMembership } from '../../auth/accounts.ts';
import { createToken, listTokens, revokeToken } from '../../auth/credentials.ts';
import { setVisibility } from '../../auth/visibility.ts';
import type { VisibleKind } from '../../auth/visibility.ts';
import { auditCsv, listAudit } from '../../audit/audit-log.ts';
import { knownIndicators } from '../../monitoring/known-indicators.ts';
import { getWorkspace } from '../../store/workspaces.ts';
import type { Ctx } from '../main.ts';
import { t } from '../messages.ts';
import { printJson, printTable, say } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { withStore, withStoreWrite } from './store.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of stdin: `printf '%s' "$PASSWORD" | dothi admin create ...` keeps it out of shell history and ps. */
export async function passwordFromStdin(flags: Ctx['flags'], stdin: () => Promise<string> = readStdin): Promise<string> {
  if (!flags['password-stdin']) throw new DothiError('DOTHI_USAGE', { detail: '--password-stdin is required: passwords are never taken as arguments' });
  return (await stdin()).split(/\r?\n/)[0] ?? '';
}

function requireFlag(flags: Ctx['flags'], name: 'email' | 'role'): string {
  const v = flags[name];
  if (!v) throw new DothiError('DOTHI_USAGE', { detail: `--${name} is required` });
  return v;
}

function requireRole(flags: Ctx['flags']): Role {
  const r = requireFlag(flags, 'role');
  if (!isRole(r)) throw new DothiError('DOTHI_USAGE', { detail: `--role must be one of ${ROLES.join(', ')}, not "${r}"` });
  return r;
}

async function userCreate({ out, flags }: Ctx, isAdmin: boolean, stdin?: () => Promise<string>): Promise<void> {
  const email = requireFlag(flags, 'email');
  const password = await passwordFromStdin(flags, stdin);
  const user = await withStoreWrite(flags, { workspace: null, command: isAdmin ? 'admin create' : 'user create', target: email.toLowerCase() }, (db) =>
    createUser(db, { email, password, isAdmin }, () => new Date()),
  );
  if (out.json) printJson(out, user);
  else say(out, 'user_created', { email: user.email, admin: isAdmin ? t(out.lang, 'as_admin') : '' });
}

export const adminCreate = (ctx: Ctx, stdin?: () => Promise<string>): Promise<void> => userCreate(ctx, true, stdin);
export const userCreateCommand = (ctx: Ctx, stdin?: () => Promise<string>): Promise<void> => userCreate(ctx, false, stdin);

export async function memberSet({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const email = requireFlag(flags, 'email');
  const role = requireRole(flags);
  const r = await withStoreWrite(flags, (x: Awaited<ReturnType<typeof setMembership>>) => ({ workspace: ws, command: 'member set', target: x.member.email, before: { role: x.before } }), async (db) => {
    await getWorkspace(db, ws);
    return setMembership(db, ws, email, role, () => new Date());
  });
  if (out.json) printJson(out, r.member);
  else say(out, 'member_set', { email: r.member.email, role: r.member.role, ws });
}

export async function memberRemove({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const email = requireFlag(flags, 'email');
  const role = await withStoreWrite(flags, { workspace: ws, command: 'member remove', target: email.toLowerCase() }, (db) => removeMembership(db, ws, email));
  if (out.json) printJson(out, { email: email.toLowerCase(), removed_role: role });
  else say(out, 'member_removed', { email: email.toLowerCase(), ws });
}

export async function membersList({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const rows = await withStore(flags, async (db) => {
    await getWorkspace(db, ws);
    return listMembers(db, ws);
  });
  if (out.json) printJson(out, rows);
  else if (rows.length === 0) say(out, 'no_members');
  else printTable(out, rows, ['email', 'role', 'created_at']);
}

export async function tokenCreate({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const role = requireRole(flags);
  const days = flags.expires === undefined ? undefined : Number(flags.expires);
  if (days !== undefined && !(Number.isFinite(days) && days > 0)) throw new DothiError('DOTHI_USAGE', { detail: `--expires must be a positive number of days, not "${flags.expires}"` });
  const r = await withStoreWrite(flags, (x: Awaited<ReturnType<typeof createToken>>) => ({ workspace: ws, command: 'token create', target: x.info.token_id }), (db) =>
    createToken(db, { workspace: ws, role, expiresDays: days, label: flags.label, createdBy: 'cli' }, () => new Date()),
  );
  if (out.json) printJson(out, { token: r.token, ...r.info });
  else {
    const expires = r.info.expires_at ? t(out.lang, 'token_expires', { at: r.info.expires_at }) : '';
    say(out, 'token_created', { id: r.info.token_id, role, ws, expires, token: r.token });
  }
}

export async function tokenRevoke({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const which = args[0];
  if (!which) throw new DothiError('DOTHI_USAGE', { detail: 'dothi token revoke TOKEN_OR_ID --workspace W' });
  const info = await withStoreWrite(flags, (x: Awaited<ReturnType<typeof revokeToken>>) => ({ workspace: ws, command: 'token revoke', target: x.token_id }), (db) => revokeToken(db, ws, which, () => new Date()));
  if (out.json) printJson(out, info);
  else say(out, 'token_revoked', { id: info.token_id });
}

export async function tokenList({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const rows = await withStore(flags, (db) => listTokens(db, ws));
  if (out.json) printJson(out, rows);
  else if (rows.length === 0) say(out, 'no_tokens');
  else printTable(out, rows, ['token_id', 'role', 'label', 'created_at', 'expires_at', 'revoked_at']);
}

export async function visibilitySet({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const visibility = args[0] ?? flags.visibility;
  if (!visibility || !isVisibility(visibility)) throw new DothiError('DOTHI_USAGE', { detail: `dothi visibility set ${VISIBILITIES.join('|')} --workspace W (--layer L | --indicator I | --spec S)` });
  const targets: Array<[VisibleKind, string | undefined]> = [['layer', flags.layer], ['indicator', flags.indicator], ['index_spec', flags.spec]];
  const given = targets.filter(([, id]) => id !== undefined);
  const [kind, id] = given[0] ?? [];
  if (given.length !== 1 || !kind || !id) throw new DothiError('DOTHI_USAGE', { detail: 'name exactly one of --layer, --indicator, --spec' });
  const r = await withStoreWrite(flags, (x: { before: string; after: string }) => ({ workspace: ws, command: 'visibility set', target: `${kind}:${id}`, before: { visibility: x.before } }), async (db) => {
    if (kind === 'indicator' && !(await knownIndicators(db, ws)).has(id)) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { workspace: ws, indicator: id });
    return setVisibility(db, kind, ws, id, visibility);
  });
  if (out.json) printJson(out, { kind, id, before: r.before, visibility: r.after });
  else say(out, 'visibility_set', { what: id, visibility: r.after, before: r.before });
}

export async function auditCommand({ out, flags }: Ctx): Promise<void> {
  const format = flags.format ?? (out.json ? 'json' : 'table');
  if (!['json', 'csv', 'table'].includes(format)) throw new DothiError('DOTHI_USAGE', { detail: '--format must be json or csv' });
  const ws = flags.workspace ?? null;
  const rows = await withStore(flags, async (db) => {
    if (ws !== null) await getWorkspace(db, ws);
    const all = [];
    // Paged so a long log is read in pieces, not one huge result.
    for (let after = 0; ; ) {
      const page = await listAudit(db, ws, { after, limit: 5000 });
      all.push(...page);
      if (page.length < 5000) break;
      after = page[page.length - 1]!.audit_id;
    }
    return all;
  });
  const text = format === 'csv' ? auditCsv(rows) : format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : undefined;
  if (flags.out && text !== undefined) {
    fs.writeFileSync(flags.out, text);
    say(out, 'audit_written', { n: rows.length, file: flags.out });
  } else if (text !== undefined) out.stdout(text);
  else if (rows.length === 0) say(out, 'no_audit');
  else printTable(out, rows.map((r) => ({ ...r, summary: JSON.stringify(r.summary) })), ['audit_id', 'at', 'actor', 'action', 'target']);
}
