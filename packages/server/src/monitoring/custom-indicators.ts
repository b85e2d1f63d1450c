// A workspace's own indicators (id custom:<slug>), written in the catalogs' schema and checked by the
// same validator, so every screen and calculation treats them like catalog entries.

import { DothiError } from '@dothi/engine';
import { validateIndicator } from '../indicators/catalogs.ts';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';

export interface CustomIndicator {
  indicator_id: string;
  definition: Record<string, unknown>;
  created_at: string;
}

const SELECT = `select indicator_id, definition,
    to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at from indicator_custom`;

export async function listCustomIndicators(db: Queryable, workspace: string): Promise<CustomIndicator[]> {
  await getWorkspace(db, workspace);
  const { rows } = await db.query<CustomIndicator>(`${SELECT} where workspace_id = $1 order by indicator_id`, [workspace]);
  return rows;
}

export async function createCustomIndicator(db: Queryable, workspace: string, definition: unknown): Promise<CustomIndicator> {
  await getWorkspace(db, workspace);
  const entry = validateIndicator(definition) as unknown as { id: string };
  if (!/^custom:[a-z0-9][a-z0-9_-]{0,62}$/.test(entry.id)) {
    throw new DothiError('DOTHI_INDICATOR_INVALID', {
      path: '/id',
      detail: `a custom indicator's id is custom:<slug> (lower-case letters, digits, _ and -), not "${entry.id}"`,
      detail_vi: `mã chỉ số riêng có dạng custom:<slug> (chữ thường, chữ số, _ và -), không phải "${entry.id}"`,
    });
  }
  const { rows } = await db.query<{ n: number }>(
    'insert into indicator_custom (workspace_id, indicator_id, definition) values ($1, $2, $3::jsonb) on conflict do nothing returning 1 n',
    [workspace, entry.id, JSON.stringify(entry)],
  );
  if (rows.length === 0) throw new DothiError('DOTHI_INDICATOR_CUSTOM_EXISTS', { indicator: entry.id, workspace });
  const { rows: out } = await db.query<CustomIndicator>(`${SELECT} where workspace_id = $1 and indicator_id = $2`, [workspace, entry.id]);
  return out[0]!;
}
