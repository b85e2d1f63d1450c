// What goes into a layer's vector tiles, read from the store: the current version (one small query
// per tile request, so a new version is seen at once) and the features with the attributes tiles carry.
//
// Tiles are public-ish and cached by browsers and proxies, so their attributes are a whitelist: the
// layer kind's declared scalar attributes minus those marked personal (Decree 13/2023/NĐ-CP), never
// whatever else the source file held. Nested objects (OSM's osm_tags) stay out to keep tiles small;
// the map fetches a feature's full record by its fid.

import { findLayerKind } from '@dothi/engine';
import type { AttrDef, Bbox, Feature, Geometry } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getVersion } from '../store/layers.ts';

export interface TileVersion {
  workspace_id: string;
  layer_id: string;
  version: number;
  /** When the version was written; part of the cache identity in case a layer is ever re-created. */
  stamp: number;
  kind: string;
  title: string;
  licence: string | null;
  bbox: Bbox | null;
  feature_count: number;
  personal_attributes: string[];
}

export async function currentTileVersion(db: Queryable, workspace: string, layer: string): Promise<TileVersion> {
  // Not getVersion: that row carries the import report, which for a big import with many rejected
  // records is far more than a tile request should read.
  const { rows } = await db.query<TileVersion>(
    `select l.workspace_id, l.layer_id, v.version, (extract(epoch from v.imported_at) * 1000)::float8 stamp, l.kind, l.title,
            v.licence, v.bbox, v.feature_count, v.personal_attributes
       from layer l join layer_version v
         on v.workspace_id = l.workspace_id and v.layer_id = l.layer_id and v.version = l.current_version
      where l.workspace_id = $1 and l.layer_id = $2`,
    [workspace, layer],
  );
  const row = rows[0];
  if (row) return { ...row, bbox: row.bbox && row.bbox.length === 4 ? row.bbox : null };
  // getVersion raises the right error (no such workspace, no such layer); should the layer have
  // gained its first version in between, it answers with that one.
  const v = await getVersion(db, workspace, layer);
  return {
    workspace_id: v.workspace_id, layer_id: v.layer_id, version: v.version, stamp: Date.parse(v.imported_at), kind: v.kind,
    title: v.title, licence: v.licence, bbox: v.bbox, feature_count: v.feature_count, personal_attributes: v.personal_attributes,
  };
}

/** The attributes a layer's tiles carry besides fid and source_id, in the kind's order. */
export function tileAttributes(v: Pick<TileVersion, 'kind' | 'personal_attributes'>): AttrDef[] {
  const kind = findLayerKind(v.kind);
  if (!kind) return [];
  // The version records what was personal when it was imported; the catalog may have marked more since.
  const personal = new Set(v.personal_attributes);
  return kind.attributes.filter((a) => !a.personal && !personal.has(a.name));
}

/** Read in pages by fid, so a big layer never arrives as one result set on top of the features built from it. */
const PAGE = 20_000;

type ScalarProps = Record<string, string | number | boolean>;

function scalarOnly(p: Record<string, unknown> | null): ScalarProps {
  const out: ScalarProps = {};
  for (const [k, val] of Object.entries(p ?? {})) {
    if (typeof val === 'string' || typeof val === 'boolean' || (typeof val === 'number' && Number.isFinite(val))) out[k] = val;
  }
  return out;
}

/**
 * Every feature of a version as GeoJSON in WGS84, its fid as the feature id and in the properties
 * beside source_id and the whitelisted attributes.
 */
export async function readTileFeatures(db: Queryable, v: TileVersion, pageSize = PAGE): Promise<Feature[]> {
  const attrs = tileAttributes(v).map((a) => a.name);
  const out: Feature[] = [];
  let after = 0;
  for (;;) {
    const { rows } = await db.query<{ fid: number; source_id: string | null; g: string; p: Record<string, unknown> | null }>(
      `select fid, source_id, ST_AsGeoJSON(geom, 9) g,
              (select jsonb_object_agg(e.key, e.value) from jsonb_each(props) e
                where e.key = any($5::text[]) and jsonb_typeof(e.value) in ('string', 'number', 'boolean')) p
         from feature where workspace_id = $1 and layer_id = $2 and version = $3 and fid > $4
        order by fid limit $6`,
      [v.workspace_id, v.layer_id, v.version, after, attrs, pageSize],
    );
    for (const r of rows) {
      const properties: ScalarProps = { ...scalarOnly(r.p), fid: r.fid };
      if (r.source_id !== null) properties.source_id = r.source_id;
      out.push({ type: 'Feature', id: r.fid, geometry: JSON.parse(r.g) as Geometry, properties });
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return out;
    after = last.fid;
  }
}
