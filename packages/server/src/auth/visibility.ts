// Visibility of a workspace's layers, indicators and index specs, read and changed. What a role
// may not see answers exactly like what does not exist, so a probe learns nothing from the status.

import { DothiError } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { canSee, isAdmin, roleIn } from './access.ts';
import type { Principal, Visibility, WorkspaceRole } from './access.ts';

export type VisibleKind = 'layer' | 'index_spec' | 'indicator';

const DEFAULT: Visibility = 'workspace';

function notFound(kind: VisibleKind, workspace: string, id: string): DothiError {
  if (kind === 'layer') return new DothiError('DOTHI_LAYER_NOT_FOUND', { workspace, layer: id });
  if (kind === 'index_spec') return new DothiError('DOTHI_INDEX_SPEC_NOT_FOUND', { workspace, spec: id });
  return new DothiError('DOTHI_INDICATOR_UNKNOWN', { workspace, indicator: id });
}

/** The stored visibility, undefined when the object (or, for indicators, a stored choice) does not exist. */
export async function visibilityOf(db: Queryable, kind: VisibleKind, workspace: string, id: string): Promise<Visibility | undefined> {
  const sql =
    kind === 'layer'
      ? 'select visibility from layer where workspace_id = $1 and layer_id = $2'
      : kind === 'index_spec'
        ? 'select visibility from index_spec where workspace_id = $1 and spec_id = $2'
        : 'select visibility from indicator_visibility where workspace_id = $1 and indicator_id = $2';
  const { rows } = await db.query<{ visibility: Visibility }>(sql, [workspace, id]);
  return rows[0]?.visibility;
}

/** Throws the object's own not-found error when it does not exist or the role may not see it. */
export async function requireVisible(db: Queryable, kind: VisibleKind, workspace: string, id: string, role: WorkspaceRole): Promise<Visibility> {
  const v = await visibilityOf(db, kind, workspace, id);
  // Indicators have a row only once someone chose a visibility; existence is checked elsewhere.
  const effective = v ?? (kind === 'indicator' ? DEFAULT : undefined);
  // A missing workspace keeps its own error; a hidden object reads as a missing one.
  if (effective === undefined) await getWorkspace(db, workspace);
  if (effective === undefined || !canSee(role, effective)) throw notFound(kind, workspace, id);
  return effective;
}

/** Every object of the kind in the workspace with its visibility (indicators: only those with a stored choice). */
export async function visibilities(db: Queryable, kind: VisibleKind, workspace: string): Promise<Map<string, Visibility>> {
  const sql =
    kind === 'layer'
      ? 'select layer_id id, visibility from layer where workspace_id = $1'
      : kind === 'index_spec'
        ? 'select spec_id id, visibility from index_spec where workspace_id = $1'
        : 'select indicator_id id, visibility from indicator_visibility where workspace_id = $1';
  const { rows } = await db.query<{ id: string; visibility: Visibility }>(sql, [workspace]);
  return new Map(rows.map((r) => [r.id, r.visibility]));
}

/**
 * A predicate over ids of the kind: true for what the role sees. Ids without a stored visibility
 * count as `fallback` (indicators: 'workspace'; others: unseen unless a fallback is given, as for the
 * results of a deleted spec).
 */
export async function visibleTo(db: Queryable, kind: VisibleKind, workspace: string, role: WorkspaceRole, fallback?: Visibility): Promise<(id: string | null) => boolean> {
  const known = await visibilities(db, kind, workspace);
  const otherwise = fallback ?? (kind === 'indicator' ? DEFAULT : undefined);
  return (id) => {
    const v = (id === null ? undefined : known.get(id)) ?? otherwise;
    return v !== undefined && canSee(role, v);
  };
}

export async function setVisibility(db: Queryable, kind: VisibleKind, workspace: string, id: string, visibility: Visibility): Promise<{ before: Visibility; after: Visibility }> {
  const before = (await visibilityOf(db, kind, workspace, id)) ?? (kind === 'indicator' ? DEFAULT : undefined);
  if (before === undefined) throw notFound(kind, workspace, id);
  if (kind === 'layer') await db.query('update layer set visibility = $3 where workspace_id = $1 and layer_id = $2', [workspace, id, visibility]);
  else if (kind === 'index_spec') await db.query('update index_spec set visibility = $3 where workspace_id = $1 and spec_id = $2', [workspace, id, visibility]);
  else {
    await db.query(
      `insert into indicator_visibility (workspace_id, indicator_id, visibility) values ($1, $2, $3)
       on conflict (workspace_id, indicator_id) do update set visibility = excluded.visibility`,
      [workspace, id, visibility],
    );
  }
  return { before, after: visibility };
}

/** Workspaces where someone with no role there sees something: at least one published object. */
export async function workspacesWithPublished(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ workspace_id: string }>(
    `select workspace_id from layer where visibility = 'published'
     union select workspace_id from index_spec where visibility = 'published'
     union select workspace_id from indicator_visibility where visibility = 'published'`,
  );
  return new Set(rows.map((r) => r.workspace_id));
}

/** The workspaces a caller may know about: administrators all, others those it has a role in or that publish something. */
export async function visibleWorkspaceIds(db: Queryable, p: Principal, all: readonly string[]): Promise<Set<string>> {
  if (isAdmin(p)) return new Set(all);
  const published = await workspacesWithPublished(db);
  return new Set(all.filter((w) => published.has(w) || roleIn(p, w) !== 'public'));
}

/** A workspace is there for a role in it, or for anyone once it has published something. */
export async function requireWorkspaceVisible(db: Queryable, workspace: string, role: WorkspaceRole): Promise<void> {
  if (role !== 'public') return;
  if (!(await workspacesWithPublished(db)).has(workspace)) throw new DothiError('DOTHI_WORKSPACE_NOT_FOUND', { workspace });
}

/**
 * Which indicators' observations, targets and progress a role sees in a workspace; a public caller
 * in a workspace that has published nothing is told the workspace does not exist.
 */
export async function indicatorFilter(db: Queryable, workspace: string, role: WorkspaceRole): Promise<(id: string | null) => boolean> {
  await requireWorkspaceVisible(db, workspace, role);
  return visibleTo(db, 'indicator', workspace, role);
}
