// Opening a layer for a caller: the version if the caller's role sees the layer, and the attributes
// to withhold from it. Attributes a layer's schema marks personal (Decree 13/2023/NĐ-CP) leave the
// server only for planners and owners; everyone else gets the features without them, may not filter
// or sort on them, and reads them only as suppressed aggregates (personal-summary.ts). Where each
// record is itself about a household or a person, others get no records at all, only those aggregates.

import { DothiError, recordsArePersonal } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getVersion } from '../store/layers.ts';
import type { LayerVersion } from '../store/layers.ts';
import { seesPersonal } from './access.ts';
import type { WorkspaceRole } from './access.ts';
import { requireVisible } from './visibility.ts';

export interface OpenLayer {
  v: LayerVersion;
  /** Property names to leave out of everything sent to this caller. */
  hidden: readonly string[];
}

export async function openLayer(db: Queryable, workspace: string, layer: string, role: WorkspaceRole, version?: number): Promise<OpenLayer> {
  await requireVisible(db, 'layer', workspace, layer, role);
  const v = await getVersion(db, workspace, layer, version);
  return { v, hidden: seesPersonal(role) ? [] : v.personal_attributes };
}

/**
 * Opens a layer whose records (features, items, exports, tiles) go to the caller: refused for a layer
 * whose every record is about a household or a person, unless the caller may see personal data.
 */
export async function openRecords(db: Queryable, workspace: string, layer: string, role: WorkspaceRole, version?: number): Promise<OpenLayer> {
  const opened = await openLayer(db, workspace, layer, role, version);
  refuseRecords(opened.v, role);
  return opened;
}

export function refuseRecords(v: Pick<LayerVersion, 'workspace_id' | 'layer_id' | 'kind' | 'personal_attributes'>, role: WorkspaceRole): void {
  if (seesPersonal(role) || !recordsArePersonal(v.kind, v.personal_attributes)) return;
  throw new DothiError('DOTHI_AUTH_PERSONAL_RECORDS', {
    layer: v.layer_id,
    role,
    summary: `/api/workspaces/${encodeURIComponent(v.workspace_id)}/layers/${encodeURIComponent(v.layer_id)}/summary`,
  });
}

export function withoutHidden<T extends { properties?: Record<string, unknown> | null }>(f: T, hidden: readonly string[]): T {
  if (hidden.length === 0 || !f.properties) return f;
  const properties = { ...f.properties };
  for (const k of hidden) delete properties[k];
  return { ...f, properties };
}

/** Filtering or sorting on a withheld attribute would reveal its values one question at a time. */
export function refuseHidden(names: Iterable<string>, hidden: readonly string[], layer: string): void {
  if (hidden.length === 0) return;
  for (const n of names) {
    if (hidden.includes(n)) throw new DothiError('DOTHI_AUTH_PERSONAL_ATTRIBUTE', { attribute: n, layer });
  }
}
