// Metric work on columnar tables: the local metric CRS a dataset belongs in (its VN-2000 TM-3 zone
// inside Vietnam, its UTM zone elsewhere), projection into it, and geodesic area and length on WGS 84
// (Karney's algorithms through GeographicLib, as PostGIS's geography type uses).

import geographiclib from 'geographiclib-geodesic';
import { CRS_REGISTRY, findCrs, getCrs, utmZoneFor } from '../crs/registry.ts';
import type { CrsDef } from '../crs/registry.ts';
import { transformer } from '../crs/transform.ts';
import { DothiError } from '../errors.ts';

import type { FeatureTable, GeometryColumn } from '../columnar/table.ts';

const geod = geographiclib.Geodesic.WGS84;

/** Vietnam's mainland and near-shore waters, where the VN-2000 TM-3 zones apply. */
const VIETNAM_BBOX = [102.14, 8.3, 109.6, 23.4] as const;

/** [minX, minY, maxX, maxY] of every vertex of a table, or null when it has none. */
export function tableBounds(t: FeatureTable): [number, number, number, number] | null {
  const c = t.geometry.coords;
  if (c.length === 0) return null;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < c.length; i += 2) {
    const x = c[i] as number, y = c[i + 1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/**
 * The metric CRS for data with these WGS 84 bounds. The zone belongs to the dataset: a projected source
 * CRS (a layer version's `source_crs`) whose area holds the data is kept. Otherwise, inside Vietnam, the
 * VN-2000 TM-3 zone whose central meridian is nearest the centre (scale error under 1e-4 within ±1° of
 * it), else the UTM zone of the centre.
 */
export function localMetricCrs(bounds: readonly [number, number, number, number], sourceCrs?: string): CrsDef {
  const lon = (bounds[0] + bounds[2]) / 2, lat = (bounds[1] + bounds[3]) / 2;
  const source = sourceCrs ? findCrs(sourceCrs) : undefined;
  if (source && !source.geographic && source.id !== 'EPSG:3857') {
    const [aw, as, ae, an] = source.area.bbox;
    const nearMeridian = source.centralMeridian === undefined || Math.abs(source.centralMeridian - lon) <= 3;
    if (lon >= aw && lon <= ae && lat >= as && lat <= an && nearMeridian) return source;
  }
  const [w, s, e, n] = VIETNAM_BBOX;
  if (lon >= w && lon <= e && lat >= s && lat <= n) {
    let best: CrsDef | undefined;
    for (const d of CRS_REGISTRY) {
      if (d.centralMeridian === undefined) continue;
      if (!best || Math.abs(d.centralMeridian - lon) < Math.abs((best.centralMeridian as number) - lon)) best = d;
    }
    if (best) return best;
  }
  return utmZoneFor(lon, lat);
}

/** The geometry with every vertex transformed between two registry CRSs. */
export function projectGeometry(g: GeometryColumn, from: string, to: string): GeometryColumn {
  const fn = transformer(getCrs(from), getCrs(to));
  const src = g.coords;
  const coords = new Float64Array(src.length);
  for (let i = 0; i < src.length; i += 2) {
    const [x, y] = fn(src[i] as number, src[i + 1] as number);
    coords[i] = x;
    coords[i + 1] = y;
  }
  return { ...g, coords };
}

/** The table in another CRS (attributes shared, coordinates new). */
export function projectTable(t: FeatureTable, to: string): FeatureTable {
  if (getCrs(t.crs).id === getCrs(to).id) return t;
  return { length: t.length, geometry: projectGeometry(t.geometry, t.crs, to), columns: t.columns, crs: getCrs(to).id };
}

/** Projects WGS 84 tables into the metric CRS of their common extent; returns them and the CRS used. */
export function toLocalMetric(tables: FeatureTable[], sourceCrs?: string): { crs: CrsDef; tables: FeatureTable[] } {
  let b: [number, number, number, number] | null = null;
  for (const t of tables) {
    if (!getCrs(t.crs).geographic) throw new DothiError('DOTHI_ENGINE_CRS_NOT_GEOGRAPHIC', { crs: t.crs });
    const tb = tableBounds(t);
    if (!tb) continue;
    b = b ? [Math.min(b[0], tb[0]), Math.min(b[1], tb[1]), Math.max(b[2], tb[2]), Math.max(b[3], tb[3])] : tb;
  }
  const crs = localMetricCrs(b ?? [0, 0, 0, 0], sourceCrs);
  return { crs, tables: tables.map((t) => projectTable(t, crs.id)) };
}

function requireWgs84(t: FeatureTable): void {
  if (!getCrs(t.crs).geographic) throw new DothiError('DOTHI_ENGINE_CRS_NOT_GEOGRAPHIC', { crs: t.crs });
}

/** Geodesic area of each polygon row on the WGS 84 ellipsoid, m² (holes subtracted); 0 for other kinds. */
export function geodesicAreas(t: FeatureTable): Float64Array {
  requireWgs84(t);
  const out = new Float64Array(t.length);
  const g = t.geometry;
  if (g.kind !== 'polygon') return out;
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  for (let r = 0; r < t.length; r++) {
    let area = 0;
    for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
      for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
        const poly = geod.Polygon(false);
        // The closing vertex repeats the first; GeographicLib closes rings itself.
        for (let v = ro[ring] as number; v < (ro[ring + 1] as number) - 1; v++) poly.AddPoint(c[2 * v + 1] as number, c[2 * v] as number);
        const a = Math.abs(poly.Compute(false, true).area ?? 0);
        area += ring === po[p] ? a : -a;
      }
    }
    out[r] = area;
  }
  return out;
}

/** Geodesic length of each line row on WGS 84, m (perimeter for polygons, 0 for points). */
export function geodesicLengths(t: FeatureTable): Float64Array {
  requireWgs84(t);
  const out = new Float64Array(t.length);
  const g = t.geometry;
  if (g.kind === 'point') return out;
  const c = g.coords;
  // Walking consecutive vertex pairs inside each part (line) or ring (polygon) covers both kinds.
  const spans = g.kind === 'line' ? (g.partOffsets as Uint32Array) : (g.ringOffsets as Uint32Array);
  const po = g.partOffsets as Uint32Array;
  for (let r = 0; r < t.length; r++) {
    let first = g.geomOffsets[r] as number, last = g.geomOffsets[r + 1] as number;
    if (g.kind === 'polygon') { first = po[first] as number; last = po[last] as number; }
    let len = 0;
    for (let s = first; s < last; s++) {
      for (let v = spans[s] as number; v < (spans[s + 1] as number) - 1; v++) {
        len += geod.Inverse(c[2 * v + 1] as number, c[2 * v] as number, c[2 * v + 3] as number, c[2 * v + 2] as number).s12 ?? 0;
      }
    }
    out[r] = len;
  }
  return out;
}

/** Planar area of each polygon row in the table's own units (m² in a metric CRS), holes subtracted. */
export function planarAreas(t: FeatureTable): Float64Array {
  const out = new Float64Array(t.length);
  const g = t.geometry;
  if (g.kind !== 'polygon') return out;
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  for (let r = 0; r < t.length; r++) {
    let area = 0;
    for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
      for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
        const a = Math.abs(ringSignedArea(c, ro[ring] as number, ro[ring + 1] as number));
        area += ring === po[p] ? a : -a;
      }
    }
    out[r] = area;
  }
  return out;
}

/** Shoelace area of a closed ring [start, end) of vertices; positive when counter-clockwise. */
export function ringSignedArea(c: Float64Array, start: number, end: number): number {
  let s = 0;
  // Relative to the first vertex, so large projected coordinates lose no precision.
  const ox = c[2 * start] as number, oy = c[2 * start + 1] as number;
  for (let v = start; v < end - 1; v++) {
    const x0 = (c[2 * v] as number) - ox, y0 = (c[2 * v + 1] as number) - oy;
    const x1 = (c[2 * v + 2] as number) - ox, y1 = (c[2 * v + 3] as number) - oy;
    s += x0 * y1 - x1 * y0;
  }
  return s / 2;
}

/** Planar length of each row (lines: length; polygons: perimeter) in the table's own units. */
export function planarLengths(t: FeatureTable): Float64Array {
  const out = new Float64Array(t.length);
  const g = t.geometry;
  if (g.kind === 'point') return out;
  const c = g.coords;
  const spans = g.kind === 'line' ? (g.partOffsets as Uint32Array) : (g.ringOffsets as Uint32Array);
  const po = g.partOffsets as Uint32Array;
  for (let r = 0; r < t.length; r++) {
    let first = g.geomOffsets[r] as number, last = g.geomOffsets[r + 1] as number;
    if (g.kind === 'polygon') { first = po[first] as number; last = po[last] as number; }
    let len = 0;
    for (let s = first; s < last; s++) {
      for (let v = spans[s] as number; v < (spans[s + 1] as number) - 1; v++) {
        len += Math.hypot((c[2 * v + 2] as number) - (c[2 * v] as number), (c[2 * v + 3] as number) - (c[2 * v + 1] as number));
      }
    }
    out[r] = len;
  }
  return out;
}


