// Buffers (like ST_Buffer with round joins and caps). A point becomes a regular polygon with
// `segments` sides per quarter circle, as GEOS builds it. A line or polygon becomes the union of its
// segments' rectangles and a circle at every vertex (each circle turned to start at the adjoining
// segment's normal, as GEOS's round caps do), plus the polygon itself; a negative distance erodes a
// polygon by the same union of its boundary. Joins therefore match GEOS's fillets up to the chord
// error of one arc step, which the tests bound.

import { difference, union } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import type { FeatureTable, GeometryColumn } from '../columnar/table.ts';
import { rowToPolyclip } from './clip.ts';

type Ring = [number, number][];
type MultiPoly = Ring[][];

function circle(x: number, y: number, d: number, q: number, start: number): Ring {
  const n = 4 * q;
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const a = start + (i * 2 * Math.PI) / n;
    ring.push([x + d * Math.cos(a), y + d * Math.sin(a)]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/** Capsule pieces (rectangles and vertex circles) along a run of vertices. */
function strokePieces(c: Float64Array, v0: number, v1: number, d: number, q: number, out: Ring[][]): void {
  for (let v = v0; v < v1; v++) {
    const x = c[2 * v] as number, y = c[2 * v + 1] as number;
    // Normal of the segment leaving (or, at the last vertex, entering) this vertex.
    const w = v + 1 < v1 ? v + 1 : v - 1;
    let start = 0;
    if (w >= v0 && w !== v) {
      const dx = (c[2 * w] as number) - x, dy = (c[2 * w + 1] as number) - y;
      if (dx !== 0 || dy !== 0) start = Math.atan2(dy, dx) + Math.PI / 2;
    }
    out.push([circle(x, y, d, q, start)]);
    if (v + 1 < v1) {
      const x2 = c[2 * v + 2] as number, y2 = c[2 * v + 3] as number;
      const len = Math.hypot(x2 - x, y2 - y);
      if (len === 0) continue;
      const nx = (-(y2 - y) / len) * d, ny = ((x2 - x) / len) * d;
      out.push([[[x + nx, y + ny], [x2 + nx, y2 + ny], [x2 - nx, y2 - ny], [x - nx, y - ny], [x + nx, y + ny]]]);
    }
  }
}

function unionAll(pieces: Ring[][]): MultiPoly {
  if (pieces.length === 0) return [];
  const [first, ...rest] = pieces as [Geom, ...Geom[]];
  return union(first, ...rest) as MultiPoly;
}

function bufferRow(g: GeometryColumn, r: number, d: number, q: number): MultiPoly {
  const c = g.coords;
  const go = g.geomOffsets;
  if (g.kind === 'point') {
    if (d <= 0) return [];
    const pieces: Ring[][] = [];
    for (let v = go[r] as number; v < (go[r + 1] as number); v++) pieces.push([circle(c[2 * v] as number, c[2 * v + 1] as number, d, q, 0)]);
    return pieces.length === 1 ? [pieces[0] as Ring[]] : unionAll(pieces);
  }
  const po = g.partOffsets as Uint32Array;
  const pieces: Ring[][] = [];
  if (g.kind === 'line') {
    if (d <= 0) return [];
    for (let p = go[r] as number; p < (go[r + 1] as number); p++) strokePieces(c, po[p] as number, po[p + 1] as number, d, q, pieces);
    return unionAll(pieces);
  }
  const ro = g.ringOffsets as Uint32Array;
  const self = rowToPolyclip(g, r);
  if (d === 0 || self.length === 0) return self;
  const ad = Math.abs(d);
  for (let p = go[r] as number; p < (go[r + 1] as number); p++) {
    for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) strokePieces(c, ro[ring] as number, ro[ring + 1] as number, ad, q, pieces);
  }
  const stroke = unionAll(pieces);
  return d > 0 ? (union(self, stroke) as MultiPoly) : (difference(self, stroke) as MultiPoly);
}

/** Builds a polygon table from multipolygons, one per row; columns are carried over. */
export function polygonTable(rows: MultiPoly[], columns: FeatureTable['columns'], crs: string): FeatureTable {
  const coords: number[] = [];
  const geomOffsets = new Uint32Array(rows.length + 1);
  const parts: number[] = [0], rings: number[] = [0];
  rows.forEach((mp, i) => {
    for (const poly of mp) {
      for (const ring of poly) {
        for (const p of ring) coords.push(p[0], p[1]);
        const f = ring[0], l = ring[ring.length - 1];
        if (f && l && (f[0] !== l[0] || f[1] !== l[1])) coords.push(f[0], f[1]);
        rings.push(coords.length / 2);
      }
      parts.push(rings.length - 1);
    }
    geomOffsets[i + 1] = parts.length - 1;
  });
  return {
    length: rows.length,
    geometry: { kind: 'polygon', coords: Float64Array.from(coords), geomOffsets, partOffsets: Uint32Array.from(parts), ringOffsets: Uint32Array.from(rings) },
    columns,
    crs,
  };
}

/** Each row buffered by `distance` (CRS units, metres in a metric CRS); polygons out, columns kept. */
export function buffer(table: FeatureTable, distance: number, opts: { segments?: number } = {}): FeatureTable {
  const q = Math.max(1, Math.round(opts.segments ?? 8));
  const rows: MultiPoly[] = [];
  for (let r = 0; r < table.length; r++) rows.push(bufferRow(table.geometry, r, distance, q));
  return polygonTable(rows, table.columns, table.crs);
}
