// Workspaces: a city, province, park or district; every other row belongs to one.

import { DothiError } from '@dothi/engine';
import type { Queryable } from './db.ts';

export const WORKSPACE_KINDS = ['city', 'province', 'park', 'district', 'other'] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];

export interface Workspace {
  workspace_id: string;
  name: string;
  kind: WorkspaceKind;
  created_at: string;
  layer_count: number;
  /** The smallest group that published aggregates of personal data may show. */
  min_group_size: number;
}

const SELECT = `select w.workspace_id, w.name, w.kind, w.min_group_size, to_char(w.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at,
            (select count(*)::int from layer l where l.workspace_id = w.workspace_id) layer_count
       from workspace w`;

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

export async function createWorkspace(db: Queryable, slug: string, name?: string, kind: WorkspaceKind = 'city'): Promise<Workspace> {
  if (!SLUG.test(slug)) throw new DothiError('DOTHI_WORKSPACE_SLUG_INVALID', { workspace: slug });
  if (!WORKSPACE_KINDS.includes(kind)) throw new DothiError('DOTHI_USAGE', { detail: `workspace kind must be one of ${WORKSPACE_KINDS.join(', ')}` });
  const { rows } = await db.query<{ n: number }>(
    `insert into workspace (workspace_id, name, kind) values ($1, $2, $3) on conflict do nothing returning 1 n`,
    [slug, name ?? slug, kind],
  );
  if (rows.length === 0) throw new DothiError('DOTHI_WORKSPACE_EXISTS', { workspace: slug });
  return getWorkspace(db, slug);
}

export async function listWorkspaces(db: Queryable): Promise<Workspace[]> {
  const { rows } = await db.query<Workspace>(
    `${SELECT} order by w.workspace_id`,
  );
  return rows;
}

export async function getWorkspace(db: Queryable, slug: string): Promise<Workspace> {
  const all = await db.query<Workspace>(
    `${SELECT} where w.workspace_id = $1`,
    [slug],
  );
  const w = all.rows[0];
  if (!w) throw new DothiError('DOTHI_WORKSPACE_NOT_FOUND', { workspace: slug });
  return w;
}

export interface WorkspaceChanges {
  name?: string | undefined;
  min_group_size?: number | undefined;
}

export async function updateWorkspace(db: Queryable, slug: string, c: WorkspaceChanges): Promise<Workspace> {
  if (c.min_group_size !== undefined && !(Number.isInteger(c.min_group_size) && c.min_group_size >= 1 && c.min_group_size <= 1000)) {
    throw new DothiError('DOTHI_USAGE', { detail: `the minimum group size must be a whole number from 1 to 1000, not ${c.min_group_size}` });
  }
  const { rows } = await db.query<{ n: number }>(
    `update workspace set name = coalesce($2, name), min_group_size = coalesce($3, min_group_size) where workspace_id = $1 returning 1 n`,
    [slug, c.name ?? null, c.min_group_size ?? null],
  );
  if (rows.length === 0) throw new DothiError('DOTHI_WORKSPACE_NOT_FOUND', { workspace: slug });
  return getWorkspace(db, slug);
}
