// Layers and their immutable versions: reading what has been imported, with provenance.

import { DothiError } from '@dothi/engine';
import type { Bbox, Feature, Geometry } from '@dothi/engine';
import { ISO } from './db.ts';
import type { Queryable } from './db.ts';
import type { Visibility } from '../auth/access.ts';
import { getWorkspace } from './workspaces.ts';

export interface LayerSummary {
  layer_id: string;
  kind: string;
  title: string;
  current_version: number;
  version_count: number;
  feature_count: number;
  source_file: string;
  licence: string | null;
  imported_at: string;
  visibility: Visibility;
  /** Attributes of the current version its kind marks personal. */
  personal_attributes: string[];
}

export interface LayerVersion {
  workspace_id: string;
  layer_id: string;
  version: number;
  kind: string;
  title: string;
  source_file: string;
  source_sha256: string;
  source_format: string;
  source_layer: string | null;
  source_crs: string;
  source_crs_reason: string;
  licence: string | null;
  importer: string;
  imported_at: string;
  feature_count: number;
  rejected_count: number;
  repaired_count: number;
  on_invalid: string;
  personal_attributes: string[];
  bbox: Bbox | null;
  visibility: Visibility;
  report: unknown;
}


export async function listLayers(db: Queryable, workspace: string): Promise<LayerSummary[]> {
  await getWorkspace(db, workspace);
  const { rows } = await db.query<LayerSummary>(
    `select l.layer_id, l.kind, l.title, l.current_version,
            (select count(*)::int from layer_version x where x.workspace_id = l.workspace_id and x.layer_id = l.layer_id) version_count,
            v.feature_count, v.source_file, v.licence, ${ISO('v.imported_at')} imported_at, l.visibility, v.personal_attributes
       from layer l join layer_version v
         on v.workspace_id = l.workspace_id and v.layer_id = l.layer_id and v.version = l.current_version
      where l.workspace_id = $1 order by l.layer_id`,
    [workspace],
  );
  return rows;
}

const VERSION_COLUMNS = `v.workspace_id, v.layer_id, v.version, l.kind, l.title, v.source_file, v.source_sha256, v.source_format,
  v.source_layer, v.source_crs, v.source_crs_reason, v.licence, v.importer, ${ISO('v.imported_at')} imported_at,
  v.feature_count, v.rejected_count, v.repaired_count, v.on_invalid, v.personal_attributes, v.bbox, l.visibility, v.report`;

export async function listVersions(db: Queryable, workspace: string, layer: string): Promise<LayerVersion[]> {
  const { rows } = await db.query<LayerVersion>(
    `select ${VERSION_COLUMNS} from layer_version v join layer l using (workspace_id, layer_id)
      where v.workspace_id = $1 and v.layer_id = $2 order by v.version`,
    [workspace, layer],
  );
  if (rows.length === 0) {
    await getWorkspace(db, workspace);
    throw new DothiError('DOTHI_LAYER_NOT_FOUND', { workspace, layer });
  }
  return rows;
}

/** A version of a layer; the current one when `version` is not given. */
export async function getVersion(db: Queryable, workspace: string, layer: string, version?: number): Promise<LayerVersion> {
  const { rows } = await db.query<LayerVersion>(
    `select ${VERSION_COLUMNS} from layer_version v join layer l using (workspace_id, layer_id)
      where v.workspace_id = $1 and v.layer_id = $2 and v.version = coalesce($3::int, l.current_version)`,
    [workspace, layer, version ?? null],
  );
  const row = rows[0];
  if (row) return row;
  const exists = await db.query('select 1 from layer where workspace_id = $1 and layer_id = $2', [workspace, layer]);
  if (exists.rows.length === 0) {
    await getWorkspace(db, workspace);
    throw new DothiError('DOTHI_LAYER_NOT_FOUND', { workspace, layer });
  }
  throw new DothiError('DOTHI_LAYER_VERSION_NOT_FOUND', { layer, version: version ?? 'current' });
}

export interface FeatureQuery {
  bbox?: Bbox;
  limit?: number;
  offset?: number;
  /** WGS84 rings (each closed or not) the geometry must meet: a box given in a projected CRS is not a lon/lat rectangle. */
  area?: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
  /** Property equals value (compared as text), all of them: OGC API – Features "simple property filters". */
  where?: Readonly<Record<string, string>>;
  /** Sort keys; numbers sort as numbers, text as text. fid order breaks ties and is the default. */
  sortby?: ReadonlyArray<{ prop: string; desc?: boolean }>;
}

type VersionKey = Pick<LayerVersion, 'workspace_id' | 'layer_id' | 'version'>;

export interface FeatureRow {
  /** Position in the import, 1-based: stable within a version. */
  fid: number;
  sourceId: string | null;
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/** The WHERE clause and parameters shared by counting and reading, so the two always agree. */
function filterSql(v: VersionKey, q: FeatureQuery): { sql: string; params: Array<string | number> } {
  const params: Array<string | number> = [v.workspace_id, v.layer_id, v.version];
  let sql = 'workspace_id = $1 and layer_id = $2 and version = $3';
  if (q.bbox) {
    // A bbox selects the features whose geometry intersects it (OGC API – Features), not just their boxes.
    params.push(...q.bbox);
    const n = params.length;
    sql += ` and ST_Intersects(geom, ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4326))`;
  }
  if (q.area) {
    const rings = q.area.map((r) => {
      const ring = r.map(([x, y]) => [x, y]);
      const [first, last] = [ring[0], ring[ring.length - 1]];
      return first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
    });
    params.push(JSON.stringify({ type: 'MultiPolygon', coordinates: rings.map((r) => [r]) }));
    sql += ` and ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($${params.length}), 4326))`;
  }
  for (const [key, value] of Object.entries(q.where ?? {})) {
    params.push(key, value);
    sql += ` and props->>$${params.length - 1} = $${params.length}`;
  }
  return { sql, params };
}

export async function countFeatures(db: Queryable, v: VersionKey, q: Bbox | FeatureQuery = {}): Promise<number> {
  const { sql, params } = filterSql(v, Array.isArray(q) ? { bbox: q } : q);
  const { rows } = await db.query<{ n: number }>(`select count(*)::int n from feature where ${sql}`, params);
  return rows[0]?.n ?? 0;
}

/** Features of one layer version in WGS84, with their fids. */
export async function readFeatureRows(db: Queryable, v: VersionKey, q: FeatureQuery = {}): Promise<FeatureRow[]> {
  const { sql, params } = filterSql(v, q);
  const order = (q.sortby ?? []).map((s) => {
    params.push(s.prop);
    // jsonb ordering compares numbers numerically and strings as text; JSON null sorts before
    // everything in jsonb, so it is made SQL NULL to go last with the missing values.
    return `nullif(props->$${params.length}, 'null'::jsonb) ${s.desc ? 'desc' : 'asc'} nulls last`;
  });
  params.push(q.limit ?? 2 ** 31 - 1, q.offset ?? 0);
  const { rows } = await db.query<{ fid: number; source_id: string | null; g: string; props: Record<string, unknown> }>(
    `select fid, source_id, ST_AsGeoJSON(geom, 9) g, props from feature where ${sql}
      order by ${[...order, 'fid'].join(', ')} limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return rows.map((r) => ({ fid: r.fid, sourceId: r.source_id, geometry: JSON.parse(r.g) as Geometry, properties: r.props }));
}

/** Features of one layer version in WGS84 as GeoJSON, identified by their source ids. */
export async function readFeatures(db: Queryable, v: VersionKey, q: FeatureQuery = {}): Promise<Feature[]> {
  return (await readFeatureRows(db, v, q)).map((r) => ({
    type: 'Feature',
    id: r.sourceId ?? r.fid,
    geometry: r.geometry,
    properties: r.properties,
  }));
}

export async function getFeatureRow(db: Queryable, v: VersionKey, fid: number): Promise<FeatureRow | undefined> {
  const { rows } = await db.query<{ fid: number; source_id: string | null; g: string; props: Record<string, unknown> }>(
    `select fid, source_id, ST_AsGeoJSON(geom, 9) g, props from feature
      where workspace_id = $1 and layer_id = $2 and version = $3 and fid = $4`,
    [v.workspace_id, v.layer_id, v.version, fid],
  );
  const r = rows[0];
  return r && { fid: r.fid, sourceId: r.source_id, geometry: JSON.parse(r.g) as Geometry, properties: r.props };
}
