// Seeds a store for the HTTP and web tests by plain SQL inserts into workspace, layer,
// layer_version and feature, so these tests do not depend on the importers.

import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { geometryBbox } from '@dothi/engine';
import type { Bbox, Feature, Geometry } from '@dothi/engine';
import type { Queryable } from '../../src/store/db.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url);
export const ODBL = 'ODbL-1.0 © OpenStreetMap contributors';

export function readFixture(name: string): { text: string; features: Feature[] } {
  const text = fs.readFileSync(new URL(name, FIXTURES), 'utf8');
  return { text, features: (JSON.parse(text) as { features: Feature[] }).features };
}

export async function seedWorkspace(db: Queryable, id: string, name: string, kind = 'city'): Promise<void> {
  await db.query('insert into workspace (workspace_id, name, kind, created_at) values ($1, $2, $3, $4)', [
    id, name, kind, new Date('2026-01-05T08:00:00Z'),
  ]);
}

export interface SeedLayer {
  workspace: string;
  layer: string;
  kind: string;
  title: string;
  sourceFile: string;
  /** The bytes the version claims to come from; hashed into source_sha256. */
  sourceText: string;
  licence: string | null;
  importedAt: Date;
  features: Feature[];
  props?: (f: Feature) => Record<string, unknown>;
}

function unionBbox(features: Feature[]): Bbox | null {
  let out: Bbox | null = null;
  for (const f of features) {
    const b = f.geometry ? geometryBbox(f.geometry) : null;
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : b;
  }
  return out;
}

/** Adds the next version of a layer (creating the layer at version 1) and makes it current. */
export async function seedLayerVersion(db: Queryable, s: SeedLayer): Promise<number> {
  await db.query(
    'insert into layer (workspace_id, layer_id, kind, title) values ($1, $2, $3, $4) on conflict do nothing',
    [s.workspace, s.layer, s.kind, s.title],
  );
  const { rows } = await db.query<{ v: number }>(
    'select coalesce(max(version), 0)::int + 1 v from layer_version where workspace_id = $1 and layer_id = $2',
    [s.workspace, s.layer],
  );
  const version = rows[0]?.v ?? 1;
  const sha = createHash('sha256').update(s.sourceText).digest('hex');
  const report = { on_invalid: 'reject', total: s.features.length, imported: s.features.length, rejected: 0, repaired: 0, features: [] };
  await db.query(
    `insert into layer_version (workspace_id, layer_id, version, source_file, source_sha256, source_format, source_layer,
       source_crs, source_crs_reason, licence, importer, imported_at, feature_count, rejected_count, repaired_count,
       on_invalid, personal_attributes, bbox, report)
     values ($1, $2, $3, $4, $5, 'GeoJSON', null, 'EPSG:4326', 'GeoJSON is WGS84 (RFC 7946)', $6, 'test-seed', $7, $8, 0, 0,
       'reject', '{}'::text[], $9::float8[], $10::jsonb)`,
    [s.workspace, s.layer, version, s.sourceFile, sha, s.licence, s.importedAt, s.features.length, unionBbox(s.features), JSON.stringify(report)],
  );
  const rowsJson = s.features.map((f, i) => ({
    fid: i + 1,
    sid: f.id === undefined ? String(i + 1) : String(f.id),
    g: f.geometry as Geometry,
    p: s.props ? s.props(f) : (f.properties ?? {}),
  }));
  await db.query(
    `insert into feature (workspace_id, layer_id, version, fid, source_id, geom, props)
     select $1, $2, $3, (e->>'fid')::int, e->>'sid', ST_SetSRID(ST_GeomFromGeoJSON(e->'g'), 4326), e->'p'
       from jsonb_array_elements($4::jsonb) e`,
    [s.workspace, s.layer, version, JSON.stringify(rowsJson)],
  );
  await db.query('update layer set current_version = $3 where workspace_id = $1 and layer_id = $2', [s.workspace, s.layer, version]);
  return version;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** The kind's attributes from the OSM tags, keeping the tags themselves beside them. */
const buildingProps = (f: Feature): Record<string, unknown> => {
  const p = f.properties ?? {};
  const street = str(p['addr:street']);
  const height = typeof p.height === 'string' && /^\d+(\.\d+)?$/.test(p.height) ? Number(p.height) : undefined;
  return {
    // building=yes says only that it is a building; the use is in the other tags when mapped at all.
    use: str(p.amenity) ?? str(p.shop) ?? str(p.office) ?? str(p.tourism) ?? (p.building === 'yes' ? undefined : str(p.building)),
    levels: int(p['building:levels']),
    height_m: height,
    name: str(p.name),
    address: street ? [str(p['addr:housenumber']), street].filter(Boolean).join(' ') : undefined,
    ...p,
  };
};
const roadProps = (f: Feature): Record<string, unknown> => {
  const p = f.properties ?? {};
  return { highway: p.highway, name: str(p.name), oneway: p.oneway === 'yes', lanes: int(p.lanes), ...p };
};
const stopProps = (f: Feature): Record<string, unknown> => {
  const p = f.properties ?? {};
  return { name: str(p.name), mode: 'bus', shelter: p.shelter === 'yes', ...p };
};
const areaProps = (key: 'class' | 'type') => (f: Feature): Record<string, unknown> => {
  const p = f.properties ?? {};
  return { [key]: str(p.landuse) ?? str(p.leisure) ?? str(p.amenity) ?? str(p.natural), name: str(p.name), ...p };
};

export const HCMC_IMPORTED_AT = new Date('2026-02-10T03:30:00Z');

/**
 * Workspace "hcmc" with five real OSM layers across four sectors; `buildings` may be cut to its
 * first `buildings` features.
 */
export async function seedHcmc(db: Queryable, opts: { buildings?: number } = {}): Promise<void> {
  await seedWorkspace(db, 'hcmc', 'Thành phố Hồ Chí Minh — Quận 1/Quận 3');
  const common = { workspace: 'hcmc', licence: ODBL, importedAt: HCMC_IMPORTED_AT };
  const b = readFixture('hcmc-buildings.geojson');
  await seedLayerVersion(db, {
    ...common, layer: 'buildings', kind: 'buildings', title: 'Buildings (OSM)', sourceFile: 'hcmc-buildings.geojson',
    sourceText: b.text, features: b.features.slice(0, opts.buildings ?? b.features.length), props: buildingProps,
  });
  const r = readFixture('hcmc-roads.geojson');
  await seedLayerVersion(db, {
    ...common, layer: 'roads', kind: 'roads', title: 'Roads (OSM)', sourceFile: 'hcmc-roads.geojson',
    sourceText: r.text, features: r.features, props: roadProps,
  });
  const s = readFixture('hcmc-bus_stops.geojson');
  await seedLayerVersion(db, {
    ...common, layer: 'bus-stops', kind: 'transit_stops', title: 'Bus stops (OSM)', sourceFile: 'hcmc-bus_stops.geojson',
    sourceText: s.text, features: s.features, props: stopProps,
  });
  const l = readFixture('hcmc-landuse.geojson');
  const parks = l.features.filter((f) => f.properties?.leisure === 'park');
  await seedLayerVersion(db, {
    ...common, layer: 'parks', kind: 'green_spaces', title: 'Parks (OSM)', sourceFile: 'hcmc-landuse.geojson',
    sourceText: l.text, features: parks, props: areaProps('type'),
  });
  await seedLayerVersion(db, {
    ...common, layer: 'land-use', kind: 'land_use', title: 'Land use (OSM)', sourceFile: 'hcmc-landuse.geojson',
    sourceText: l.text, features: l.features.filter((f) => !parks.includes(f)), props: areaProps('class'),
  });
}
