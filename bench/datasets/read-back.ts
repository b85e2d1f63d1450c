// Reads the benchmark tables back out of PostGIS into FeatureTables, bit for bit (WKB for geometry, COPY
// text for float8, which PostgreSQL ≥ 12 prints with round-trip precision). PostgreSQL's random() cannot
// be reproduced outside it, so b.pts, b.zones and b.origins must come from the database.

import { float64Column, stringColumn } from '@dothi/engine';
import type { Column, FeatureTable, GeometryKind } from '@dothi/engine';
import { copyOut } from '../lib/pg.ts';
import { WkbColumnBuilder } from '../lib/wkb.ts';

const CRS = 'EPSG:32628';

function readTable(url: string, table: string, kind: GeometryKind, cols: Array<{ name: string; type: 'float64' | 'string' }>): FeatureTable {
  const sel = cols.map((c) => (c.type === 'float64' ? `${c.name}::float8` : c.name)).join(', ');
  const lines = copyOut(url, `SELECT ${sel}${sel ? ', ' : ''}encode(ST_AsBinary(geom), 'hex') FROM b.${table} ORDER BY id`);
  const b = new WkbColumnBuilder(kind);
  const vals: Array<Array<string | null>> = cols.map(() => []);
  for (const line of lines) {
    const f = line.split('\t');
    for (let i = 0; i < cols.length; i++) (vals[i] as Array<string | null>).push(f[i] === '\\N' ? null : (f[i] as string));
    const g = f[cols.length] as string;
    b.add(g === '\\N' ? null : g);
  }
  const columns: Record<string, Column> = {};
  cols.forEach((c, i) => {
    const v = vals[i] as Array<string | null>;
    columns[c.name] = c.type === 'float64' ? float64Column(v.map((x) => (x === null ? NaN : Number(x)))) : stringColumn(v);
  });
  return { length: lines.length, geometry: b.finish(), columns, crs: CRS };
}

/** 1M points: x, y, val as COPY text (faster than WKB for points, still exact). */
function readPoints(url: string): FeatureTable {
  const lines = copyOut(url, 'SELECT ST_X(geom), ST_Y(geom), val FROM b.pts ORDER BY id');
  const n = lines.length;
  const coords = new Float64Array(2 * n), val = new Float64Array(n), offs = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const l = lines[i] as string;
    const a = l.indexOf('\t'), b = l.indexOf('\t', a + 1);
    coords[2 * i] = Number(l.slice(0, a));
    coords[2 * i + 1] = Number(l.slice(a + 1, b));
    val[i] = Number(l.slice(b + 1));
    offs[i + 1] = i + 1;
  }
  return { length: n, geometry: { kind: 'point', coords, geomOffsets: offs }, columns: { val: { type: 'float64', values: val } }, crs: CRS };
}

export interface BenchTables {
  tables: Record<'zones' | 'pts' | 'amenities' | 'stops' | 'landuse' | 'roads' | 'vertices', FeatureTable>;
  /** Coordinates of b.origins (pgRouting vertex ids drawn by 05_origins.sql), in the table's order. */
  arrays: { originXY: Float64Array; originIds: Float64Array };
}

export function readBack(url: string): BenchTables {
  const vertices = readTable(url, 'vertices', 'point', [{ name: 'id', type: 'float64' }]);
  const orig = copyOut(url, 'SELECT v.id, v.x, v.y FROM b.origins o JOIN b.vertices v USING (id) ORDER BY v.id');
  const originXY = new Float64Array(orig.length * 2), originIds = new Float64Array(orig.length);
  orig.forEach((l, i) => {
    const [id, x, y] = l.split('\t').map(Number) as [number, number, number];
    originIds[i] = id; originXY[2 * i] = x; originXY[2 * i + 1] = y;
  });
  return {
    tables: {
      zones: readTable(url, 'zones', 'polygon', [{ name: 'id', type: 'float64' }]),
      pts: readPoints(url),
      amenities: readTable(url, 'amenities', 'point', [{ name: 'amenity', type: 'string' }]),
      stops: readTable(url, 'stops', 'point', []),
      landuse: readTable(url, 'landuse', 'polygon', [{ name: 'landuse', type: 'string' }]),
      roads: readTable(url, 'roads', 'line', [{ name: 'highway', type: 'string' }]),
      vertices,
    },
    arrays: { originXY, originIds },
  };
}
