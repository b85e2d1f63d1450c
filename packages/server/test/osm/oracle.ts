// Helpers the OSM tests use to compare our output with oracles (osmium's GeoJSON, Debian GDAL).

import fs from 'node:fs';
import path from 'node:path';
import type { Feature, Geometry, Position } from '@dothi/engine';
import type { SourceDataset, SourceInput } from '../../src/formats/types.ts';

export function inputOf(p: string): SourceInput {
  return { name: path.basename(p), parts: [{ name: path.basename(p), path: p }] };
}

export interface OsmiumFeature {
  geometry: Geometry;
  properties: Record<string, string | number> & { '@type': string; '@id': number };
}

export function readOsmium(file: string): OsmiumFeature[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: OsmiumFeature[] }).features;
}

export const osmiumId = (f: OsmiumFeature): string => `${f.properties['@type']}/${f.properties['@id']}`;

export function osmiumTags(f: OsmiumFeature): Record<string, string> {
  return Object.fromEntries(Object.entries(f.properties).filter(([k]) => !k.startsWith('@'))) as Record<string, string>;
}

export function layerOf(ds: SourceDataset, kind: string): Feature[] {
  return ds.layers.find((l) => l.kind === kind)?.features ?? [];
}

/**
 * A polygonal geometry as sorted polygons of rings, each ring started at its smallest vertex and
 * kept in its direction: equal for the same rings whatever vertex a writer starts from, but
 * different when a ring runs the other way.
 */
export function canonicalPolygons(g: Geometry): string {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (!polys) throw new Error(`not polygonal: ${g.type}`);
  const ringKey = (r: Position[]): string => {
    const pts = r.slice(0, -1).map((p) => `${p[0]},${p[1]}`);
    let best = 0;
    pts.forEach((p, i) => {
      const [bx, by] = (pts[best] as string).split(',').map(Number) as [number, number];
      const [x, y] = p.split(',').map(Number) as [number, number];
      if (x < bx || (x === bx && y < by)) best = i;
    });
    return [...pts.slice(best), ...pts.slice(0, best)].join(' ');
  };
  return polys.map((p) => p.map(ringKey).join(' | ')).sort().join(' || ');
}

// WGS 84 ellipsoid.
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);

/**
 * Area of a polygon on the WGS 84 ellipsoid, in m², for polygons of a few km at most: each ring is
 * projected onto the plane tangent at the polygon's mean latitude with the ellipsoid's meridian
 * and prime-vertical radii there, then measured by the shoelace formula. For building footprints
 * the error of that projection is far below a square centimetre.
 */
export function ellipsoidalArea(g: Geometry): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let total = 0;
  for (const poly of polys) {
    const outer = poly[0] ?? [];
    const lat0 = (outer.reduce((s, p) => s + (p[1] as number), 0) / Math.max(1, outer.length)) * (Math.PI / 180);
    const w = Math.sqrt(1 - E2 * Math.sin(lat0) ** 2);
    const n = A / w; // prime vertical radius
    const m = (A * (1 - E2)) / w ** 3; // meridian radius
    const ringArea = (r: Position[]): number => {
      // Relative to the first vertex: products of raw degrees (~106 × 10) would swamp a building's area.
      const [ox, oy] = r[0] as [number, number];
      let s = 0;
      for (let i = 0; i + 1 < r.length; i++) {
        const x1 = (r[i] as Position)[0]! - ox, y1 = (r[i] as Position)[1]! - oy;
        const x2 = (r[i + 1] as Position)[0]! - ox, y2 = (r[i + 1] as Position)[1]! - oy;
        s += x1 * y2 - x2 * y1;
      }
      return Math.abs(s / 2) * (Math.PI / 180) ** 2 * n * Math.cos(lat0) * m;
    };
    total += ringArea(outer) - poly.slice(1).reduce((s, r) => s + ringArea(r), 0);
  }
  return total;
}
