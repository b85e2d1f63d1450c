// Geometry as GDAL's OSM driver gives it, made canonical: coordinates on OSM's 1e-7 degree grid,
// rings wound as RFC 7946 asks, single polygons not wrapped as multipolygons, and closed ways
// turned into polygons when their tags say they are areas.

import type { Geometry, Position } from '@dothi/engine';

// PBF stores coordinates as integers of 1e-7 degree and XML writes them with 7 decimals; GDAL's
// scaling of PBF integers leaves float noise (106.69598350000001). Rounding to 7 decimals gives
// the double nearest the decimal, which is what parsing the XML gives: XML and PBF then agree.
const round7 = (p: Position): Position => [Math.round((p[0] as number) * 1e7) / 1e7, Math.round((p[1] as number) * 1e7) / 1e7];

/** Twice the signed area of a ring in lon/lat; positive when counter-clockwise. */
export function ringArea2(r: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const a = r[i] as Position, b = r[i + 1] as Position;
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s;
}

/** RFC 7946: exterior ring counter-clockwise, holes clockwise. OSM ways have no set direction. */
function orient(poly: Position[][]): Position[][] {
  return poly.map((ring, i) => {
    const r = ring.map(round7);
    return (i === 0) !== ringArea2(r) > 0 ? r.reverse() : r;
  });
}

/** The canonical form of a geometry from GDAL, or null for types no sector takes. */
export function normaliseGeometry(g: Geometry): Geometry | null {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: round7(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(round7) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(round7)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: orient(g.coordinates) };
    case 'MultiPolygon': {
      const parts = g.coordinates.map(orient);
      // GDAL makes every area a MultiPolygon; one outer ring (with or without holes) is a Polygon.
      return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] as Position[][] } : { type: 'MultiPolygon', coordinates: parts };
    }
    default:
      return null;
  }
}

/** A way's line as a polygon, when the way is closed (ends where it starts, at least 3 distinct corners). */
export function closedWayPolygon(g: Geometry): Geometry | null {
  if (g.type !== 'LineString' || g.coordinates.length < 4) return null;
  const a = g.coordinates[0] as Position, b = g.coordinates[g.coordinates.length - 1] as Position;
  if (a[0] !== b[0] || a[1] !== b[1]) return null;
  return { type: 'Polygon', coordinates: orient([g.coordinates]) };
}
