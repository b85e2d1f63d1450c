// The append-only audit log: who changed what, when, through which request, with a short summary
// of the request and its result. Rows are only ever inserted (a trigger refuses the rest).

import { ISO } from '../store/db.ts';
import type { Queryable } from '../store/db.ts';
import { csvField } from '../monitoring/observations-csv.ts';

export interface AuditEntry {
  workspace_id: string | null;
  actor: string;
  action: string;
  target: string | null;
  request_id: string | null;
  summary: Record<string, unknown>;
}

export interface AuditRow extends AuditEntry {
  audit_id: number;
  at: string;
}

export async function appendAudit(db: Queryable, e: AuditEntry, at: Date): Promise<void> {
  await db.query(
    'insert into audit_log (workspace_id, at, actor, action, target, request_id, summary) values ($1, $2, $3, $4, $5, $6, $7::jsonb)',
    [e.workspace_id, at, e.actor, e.action, e.target, e.request_id, JSON.stringify(e.summary)],
  );
}

/** Oldest first; `workspace` null lists the site-wide entries (accounts, new workspaces). */
export async function listAudit(db: Queryable, workspace: string | null, page: { after?: number | undefined; limit: number }): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow & { audit_id: string | number }>(
    `select audit_id, workspace_id, ${ISO('at')} at, actor, action, target, request_id, summary from audit_log
     where workspace_id is not distinct from $1 and audit_id > $2 order by audit_id limit $3`,
    [workspace, page.after ?? 0, page.limit],
  );
  return rows.map((r) => ({ ...r, audit_id: Number(r.audit_id) }));
}

export const AUDIT_CSV_COLUMNS = ['audit_id', 'at', 'workspace_id', 'actor', 'action', 'target', 'request_id', 'summary'] as const;

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push([String(r.audit_id), r.at, r.workspace_id ?? '', r.actor, r.action, r.target ?? '', r.request_id ?? '', JSON.stringify(r.summary)].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

const SECRET_KEY = /password|token|secret|session|csrf/i;
const MAX_TEXT = 200;

/**
 * A record small enough to keep for every write and free of secrets: top-level scalars as they are
 * (long text cut), arrays and objects by size only, credentials redacted.
 */
export function summarise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return `[${value.length} items]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 40)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (Array.isArray(v)) out[k] = `[${v.length} items]`;
    else if (v !== null && typeof v === 'object') out[k] = `{${Object.keys(v).length} fields}`;
    else out[k] = summarise(v);
  }
  return out;
}
