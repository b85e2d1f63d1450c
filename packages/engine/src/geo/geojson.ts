// GeoJSON types (RFC 7946) used across dothi, and helpers that walk geometries.

export type Position = number[];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

export type Properties = Record<string, unknown>;

export interface Feature {
  type: 'Feature';
  id?: string | number;
  geometry: Geometry | null;
  properties: Properties | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

export type Bbox = [number, number, number, number];

export function forEachPosition(g: Geometry, fn: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(fn);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of g.coordinates) l.forEach(fn);
      return;
    case 'MultiPolygon':
      for (const p of g.coordinates) for (const r of p) r.forEach(fn);
      return;
    case 'GeometryCollection':
      for (const c of g.geometries) forEachPosition(c, fn);
  }
}

export function geometryBbox(g: Geometry): Bbox | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  forEachPosition(g, (p) => {
    const x = p[0] as number, y = p[1] as number;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  });
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}

/** A structural check of a GeoJSON geometry: types, nesting and finite numbers. Topology is checked by GEOS. */
export function geometryShapeProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'geometry is not an object';
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const pos = (p: unknown): boolean =>
    Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
  const depth = (c: unknown, d: number): boolean =>
    d === 0 ? pos(c) : Array.isArray(c) && c.every((x) => depth(x, d - 1));
  switch (geom.type) {
    case 'Point':
      return pos(geom.coordinates) ? null : 'point coordinates are not two finite numbers';
    case 'MultiPoint':
    case 'LineString':
      return depth(geom.coordinates, 1) ? null : `${geom.type} coordinates are not a list of positions`;
    case 'MultiLineString':
    case 'Polygon':
      return depth(geom.coordinates, 2) ? null : `${geom.type} coordinates are not nested lists of positions`;
    case 'MultiPolygon':
      return depth(geom.coordinates, 3) ? null : 'MultiPolygon coordinates are not nested lists of positions';
    case 'GeometryCollection': {
      if (!Array.isArray(geom.geometries)) return 'GeometryCollection has no geometries list';
      for (const c of geom.geometries) {
        const p = geometryShapeProblem(c);
        if (p) return p;
      }
      return null;
    }
    default:
      return `unknown geometry type ${JSON.stringify(geom.type)}`;
  }
}
