// Real data for the spatial oracle tests, projected in JS and written to PostGIS with the very same
// coordinates (GeoJSON text keeps doubles exactly), so both sides work on identical input.

import fs from 'node:fs';
import { fromGeoJson, projectTable, rowGeometry, stringColumn } from '@dothi/engine';
import type { Feature, FeatureTable } from '@dothi/engine';
import type { Db } from '../../src/store/db.ts';

const SHARED = new URL('../../../../../shared/data/', import.meta.url);

export function readFeatures(p: string): Feature[] {
  return (JSON.parse(fs.readFileSync(new URL(p, SHARED), 'utf8')) as { features: Feature[] }).features;
}

/** An HCMC layer in UTM 48N (EPSG:32648), with a text column `cls` from the first tag present. */
export function hcmc(layer: string, kind: 'point' | 'polygon', tags: string[]): FeatureTable {
  const fs0 = readFeatures(`hcmc-osm/hcmc-d1-d3-${layer}.geojson`);
  const t = projectTable(fromGeoJson(fs0, { crs: 'EPSG:4326', kind, columns: [] }), 'EPSG:32648');
  const cls = fs0.map((f) => {
    for (const k of tags) { const v = f.properties?.[k]; if (typeof v === 'string') return v; }
    return 'other';
  });
  return { ...t, columns: { cls: stringColumn(cls) } };
}

/** Da Nang's districts (level 2 of dvhcvn, GPL-3.0, read from shared/) in UTM 49N (EPSG:32649). */
export function danangDistricts(): FeatureTable {
  const fs0 = readFeatures('dvhcvn-danang/danang-city-and-districts-2019.geojson').filter((f) => f.properties?.level === 2);
  return projectTable(fromGeoJson(fs0, { crs: 'EPSG:4326', kind: 'polygon', columns: ['name'] }), 'EPSG:32649');
}

/** Seeded LCG (Numerical Recipes constants). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** Writes a table as `name (id int = row, geom, cls text, val float8)`; empty rows get a NULL geometry. */
export async function insertTable(db: Db, name: string, t: FeatureTable, srid: number): Promise<void> {
  await db.query(`create table ${name} (id int primary key, geom geometry, cls text, val float8)`);
  const cls = t.columns.cls, val = t.columns.val;
  const rows = [];
  for (let r = 0; r < t.length; r++) {
    const g = rowGeometry(t.geometry, r);
    rows.push({
      id: r,
      g: g ? JSON.stringify(g) : null,
      c: cls?.type === 'string' && (cls.codes[r] as number) >= 0 ? cls.dictionary[cls.codes[r] as number] : null,
      v: val?.type === 'float64' && !Number.isNaN(val.values[r]) ? val.values[r] : null,
    });
  }
  for (let i = 0; i < rows.length; i += 5000) {
    await db.query(
      `insert into ${name} select (e->>'id')::int, case when e->>'g' is null then null else ST_SetSRID(ST_GeomFromGeoJSON(e->>'g'), ${srid}) end,
         e->>'c', (e->>'v')::float8 from json_array_elements($1::json) e`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
  await db.query(`create index on ${name} using gist (geom)`);
}

/** Reads `select id, cls, ST_AsGeoJSON(geom) as g` rows back into a table of the given kind (rows in id order). */
export async function fetchTable(db: Db, sql: string, kind: 'point' | 'polygon', crs: string): Promise<FeatureTable> {
  const { rows } = await db.query<{ id: number; cls: string | null; g: string | null }>(sql);
  const t = fromGeoJson(rows.map((r) => ({ type: 'Feature', geometry: r.g ? JSON.parse(r.g) : null, properties: {} })), { crs, kind });
  return { ...t, columns: { cls: stringColumn(rows.map((r) => r.cls)) } };
}

/** Grid zones over a table's extent: `nx × ny` cells, every third one L-shaped (non-convex) and every fifth with a hole. */
export function gridZones(bounds: [number, number, number, number], nx: number, ny: number, crs: string): FeatureTable {
  const [x0, y0, x1, y1] = bounds;
  const w = (x1 - x0) / nx, h = (y1 - y0) / ny;
  const fs0: Feature[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = x0 + i * w, b = y0 + j * h, c = a + w, d = b + h;
      const k = j * nx + i;
      let rings: number[][][];
      if (k % 3 === 1) rings = [[[a, b], [c, b], [c, b + h / 2], [a + w / 2, b + h / 2], [a + w / 2, d], [a, d], [a, b]]];
      else if (k % 5 === 2) rings = [[[a, b], [c, b], [c, d], [a, d], [a, b]], [[a + w / 4, b + h / 4], [a + w / 4, b + (3 * h) / 4], [a + (3 * w) / 4, b + (3 * h) / 4], [a + (3 * w) / 4, b + h / 4], [a + w / 4, b + h / 4]]];
      else rings = [[[a, b], [c, b], [c, d], [a, d], [a, b]]];
      fs0.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rings }, properties: {} });
    }
  }
  return fromGeoJson(fs0, { crs, kind: 'polygon' });
}
