// Second pass of an import, inside the import's one transaction: stage the checked rows, let GEOS
// judge (and, when asked, repair) their topology, then write the immutable layer version.

import type { Visibility } from '../auth/access.ts';
import { DothiError } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import type { CandidateRow, FeatureReport } from './check-features.ts';
import { extractDimension } from './check-features.ts';
import { toJsonb } from '../store/jsonb.ts';
import { breathe } from '../jobs/jobs.ts';

export type OnInvalid = 'reject' | 'repair' | 'skip';
export const ON_INVALID: readonly OnInvalid[] = ['reject', 'repair', 'skip'];

export interface VersionMeta {
  workspace: string;
  layer: string;
  kind: string;
  title: string;
  sourceFile: string;
  sha256: string;
  format: string;
  sourceLayer: string | null;
  crs: string;
  crsReason: string;
  licence: string | null;
  importer: string;
  importedAt: Date;
  onInvalid: OnInvalid;
  personal: string[];
  /** Who sees the layer; a new layer is 'workspace' and an existing one keeps its own when absent. */
  visibility?: Visibility | undefined;
  /** Everything else the report says (encoding, notes, parts and their hashes). */
  reportExtra: Record<string, unknown>;
}

export interface WrittenVersion {
  version: number;
  imported: number;
  rejected: number;
  repaired: number;
  problems: FeatureReport[];
  bbox: [number, number, number, number] | null;
}

const BATCH = 1000;

async function stage(tx: Queryable, rows: CandidateRow[], onProgress?: (f: number) => void): Promise<void> {
  await tx.query(`create temp table import_stage (
    fid int primary key, sid text not null, g geometry not null, props jsonb not null, dim int not null, fixes jsonb not null
  ) on commit drop`);
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      f: r.fid, s: r.sourceId, g: r.geometry, p: r.properties, d: extractDimension(r.geometry), x: r.fixes,
    }));
    await tx.query(
      `insert into import_stage (fid, sid, g, props, dim, fixes)
       select (e->>'f')::int, e->>'s', ST_SetSRID(ST_GeomFromGeoJSON(e->'g'), 4326), e->'p', (e->>'d')::int, e->'x'
         from jsonb_array_elements($1::jsonb) e`,
      [toJsonb(batch)],
    );
    onProgress?.(Math.min(1, (i + BATCH) / rows.length));
    await breathe();
  }
}

export async function writeVersion(
  tx: Queryable,
  meta: VersionMeta,
  rows: CandidateRow[],
  earlierProblems: FeatureReport[],
  total: number,
  onProgress?: (fraction: number) => void,
): Promise<WrittenVersion> {
  await stage(tx, rows, (f) => onProgress?.(f * 0.8));
  const problems = [...earlierProblems];
  const invalid = await tx.query<{ fid: number; sid: string; reason: string }>(
    `select fid, sid, ST_IsValidReason(g) reason from import_stage where not ST_IsValid(g) order by fid`,
  );
  let repaired = 0;
  if (meta.onInvalid === 'repair' && invalid.rows.length > 0) {
    await tx.query(`update import_stage set g = case when dim = 0 then ST_MakeValid(g) else ST_CollectionExtract(ST_MakeValid(g), dim) end
                     where not ST_IsValid(g)`);
    const broken = await tx.query<{ fid: number }>(`select fid from import_stage where ST_IsEmpty(g) or not ST_IsValid(g)`);
    const lost = new Set(broken.rows.map((r) => r.fid));
    for (const r of invalid.rows) {
      if (lost.has(r.fid)) problems.push({ id: r.sid, valid: false, reason: `invalid geometry (${r.reason}) that makeValid could not keep` });
      else problems.push({ id: r.sid, valid: true, repaired: true, reason: `repaired with GEOS makeValid: ${r.reason}` });
    }
    repaired = invalid.rows.length - lost.size;
    if (lost.size > 0) await tx.query('delete from import_stage where fid = any($1::int[])', [[...lost]]);
  } else {
    for (const r of invalid.rows) problems.push({ id: r.sid, valid: false, reason: `invalid geometry: ${r.reason}` });
  }
  const fixed = await tx.query<{ sid: string; fixes: string[] }>(`select sid, fixes from import_stage where jsonb_array_length(fixes) > 0`);
  for (const r of fixed.rows) problems.push({ id: r.sid, valid: true, repaired: true, reason: r.fixes.join('; ') });
  repaired += fixed.rows.length;

  const rejected = problems.filter((p) => !p.valid);
  if (rejected.length > 0 && meta.onInvalid === 'reject') {
    const first = rejected[0] as FeatureReport;
    throw new DothiError(
      'DOTHI_IMPORT_INVALID_FEATURES',
      { count: rejected.length, total, file: meta.sourceFile, first: first.id, reason: first.reason ?? '' },
      { features: rejected },
    );
  }
  if (meta.onInvalid === 'skip') await tx.query('delete from import_stage where not ST_IsValid(g)');
  const left = await tx.query<{ n: number }>('select count(*)::int n from import_stage');
  const imported = left.rows[0]?.n ?? 0;
  if (imported === 0) {
    const first = rejected[0];
    throw new DothiError(
      'DOTHI_IMPORT_INVALID_FEATURES',
      { count: rejected.length, total, file: meta.sourceFile, first: first?.id ?? '-', reason: first?.reason ?? 'no features' },
      { features: rejected },
    );
  }

  const existing = await tx.query<{ kind: string }>(
    'select kind from layer where workspace_id = $1 and layer_id = $2 for update',
    [meta.workspace, meta.layer],
  );
  const had = existing.rows[0];
  if (had && had.kind !== meta.kind) {
    throw new DothiError('DOTHI_LAYER_KIND_MISMATCH', { layer: meta.layer, existing: had.kind, kind: meta.kind });
  }
  if (!had) {
    // Without a choice the column's default applies (and a store at an older schema, as the upgrade test builds, still takes the row).
    if (meta.visibility) await tx.query('insert into layer (workspace_id, layer_id, kind, title, visibility) values ($1, $2, $3, $4, $5)', [meta.workspace, meta.layer, meta.kind, meta.title, meta.visibility]);
    else await tx.query('insert into layer (workspace_id, layer_id, kind, title) values ($1, $2, $3, $4)', [meta.workspace, meta.layer, meta.kind, meta.title]);
  } else if (meta.visibility) {
    await tx.query('update layer set visibility = $3 where workspace_id = $1 and layer_id = $2', [meta.workspace, meta.layer, meta.visibility]);
  }
  const next = await tx.query<{ v: number }>(
    'select coalesce(max(version), 0)::int + 1 v from layer_version where workspace_id = $1 and layer_id = $2',
    [meta.workspace, meta.layer],
  );
  const version = next.rows[0]?.v ?? 1;
  const ext = await tx.query<{ x0: number | null; y0: number | null; x1: number | null; y1: number | null }>(
    `select ST_XMin(e)::float8 x0, ST_YMin(e)::float8 y0, ST_XMax(e)::float8 x1, ST_YMax(e)::float8 y1
       from (select ST_Extent(g)::geometry e from import_stage) s`,
  );
  const e = ext.rows[0];
  const bbox: WrittenVersion['bbox'] = e && e.x0 !== null ? [e.x0, e.y0 as number, e.x1 as number, e.y1 as number] : null;
  const report = {
    ...meta.reportExtra,
    on_invalid: meta.onInvalid,
    total,
    imported,
    rejected: rejected.length,
    repaired,
    features: problems,
  };
  await tx.query(
    `insert into layer_version (workspace_id, layer_id, version, source_file, source_sha256, source_format, source_layer,
       source_crs, source_crs_reason, licence, importer, imported_at, feature_count, rejected_count, repaired_count,
       on_invalid, personal_attributes, bbox, report)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::text[], $18::float8[], $19::jsonb)`,
    [meta.workspace, meta.layer, version, meta.sourceFile, meta.sha256, meta.format, meta.sourceLayer, meta.crs, meta.crsReason,
      meta.licence, meta.importer, meta.importedAt, imported, rejected.length, repaired, meta.onInvalid, meta.personal,
      bbox, toJsonb(report)],
  );
  await tx.query(
    `insert into feature (workspace_id, layer_id, version, fid, source_id, geom, props)
     select $1, $2, $3, fid, sid, g, props from import_stage order by fid`,
    [meta.workspace, meta.layer, version],
  );
  await tx.query('update layer set current_version = $3 where workspace_id = $1 and layer_id = $2', [meta.workspace, meta.layer, version]);
  // One file can hold several layers, each staged in turn within the same transaction.
  await tx.query('drop table import_stage');
  onProgress?.(1);
  return { version, imported, rejected: rejected.length, repaired, problems, bbox };
}
