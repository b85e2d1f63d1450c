// Polygon validity (the OGC rules ST_IsValid checks, with GEOS's reason wording) and repair.
// Checked: finite coordinates, closed rings of at least 4 points, no crossing or overlapping edges
// (within a ring, between rings, between parts), no ring touching itself, holes inside their shell,
// no shell inside another part. Not checked: a hole inside another hole, or an interior cut in two
// by rings that touch at two or more points.

import { orient2d } from 'robust-predicates';
import { union, xor } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import type { FeatureTable, GeometryColumn } from '../columnar/table.ts';
import { polygonTable } from './buffer.ts';
import { rowToPolyclip } from './clip.ts';
import { requireKind } from './point-in-polygon.ts';
import { DothiError } from '../errors.ts';

interface Edge { ax: number; ay: number; bx: number; by: number; ring: number; part: number; seq: number; last: number }

const sgn = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => Math.sign(orient2d(ax, ay, bx, by, cx, cy));

function onSegment(e: Edge, x: number, y: number): boolean {
  return x >= Math.min(e.ax, e.bx) && x <= Math.max(e.ax, e.bx) && y >= Math.min(e.ay, e.by) && y <= Math.max(e.ay, e.by);
}

/** 'cross' (interiors cross or overlap), 'touch' (meet at a point), or null. */
function meet(e: Edge, f: Edge): 'cross' | 'touch' | null {
  const o1 = sgn(e.ax, e.ay, e.bx, e.by, f.ax, f.ay), o2 = sgn(e.ax, e.ay, e.bx, e.by, f.bx, f.by);
  const o3 = sgn(f.ax, f.ay, f.bx, f.by, e.ax, e.ay), o4 = sgn(f.ax, f.ay, f.bx, f.by, e.bx, e.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (o1 === 0 && o2 === 0) {
    // Collinear: an overlap longer than a point is a crossing of interiors.
    const useX = e.ax !== e.bx;
    const lo = Math.max(Math.min(useX ? e.ax : e.ay, useX ? e.bx : e.by), Math.min(useX ? f.ax : f.ay, useX ? f.bx : f.by));
    const hi = Math.min(Math.max(useX ? e.ax : e.ay, useX ? e.bx : e.by), Math.max(useX ? f.ax : f.ay, useX ? f.bx : f.by));
    if (hi > lo) return 'cross';
    return hi === lo ? 'touch' : null;
  }
  if ((o1 === 0 && onSegment(e, f.ax, f.ay)) || (o2 === 0 && onSegment(e, f.bx, f.by)) ||
    (o3 === 0 && onSegment(f, e.ax, e.ay)) || (o4 === 0 && onSegment(f, e.bx, e.by))) return 'touch';
  return null;
}

function pointInRing(c: Float64Array, v0: number, v1: number, px: number, py: number): boolean {
  let inside = false;
  for (let v = v0; v + 1 < v1; v++) {
    const x1 = c[2 * v] as number, y1 = c[2 * v + 1] as number, x2 = c[2 * v + 2] as number, y2 = c[2 * v + 3] as number;
    if ((y1 > py) !== (y2 > py) && px < x1 + ((py - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside;
}

function onRing(c: Float64Array, v0: number, v1: number, px: number, py: number): boolean {
  for (let v = v0; v + 1 < v1; v++) {
    const e: Edge = { ax: c[2 * v] as number, ay: c[2 * v + 1] as number, bx: c[2 * v + 2] as number, by: c[2 * v + 3] as number, ring: 0, part: 0, seq: 0, last: 0 };
    if (sgn(e.ax, e.ay, e.bx, e.by, px, py) === 0 && onSegment(e, px, py)) return true;
  }
  return false;
}

/**
 * A vertex of ring `ring` that lies on none of the boundaries of `rings` (rings may touch at points,
 * so a vertex on another ring's boundary says nothing about inside or outside); the first vertex when
 * every vertex touches.
 */
function freeVertex(c: Float64Array, ro: Uint32Array, ring: number, rings: number[]): number {
  for (let v = ro[ring] as number; v + 1 < (ro[ring + 1] as number); v++) {
    if (!rings.some((o) => onRing(c, ro[o] as number, ro[o + 1] as number, c[2 * v] as number, c[2 * v + 1] as number))) return v;
  }
  return ro[ring] as number;
}

function rowReason(g: GeometryColumn, r: number): string | null {
  const c = g.coords, po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array;
  const edges: Edge[] = [];
  const p0 = g.geomOffsets[r] as number, p1 = g.geomOffsets[r + 1] as number;
  for (let p = p0; p < p1; p++) {
    for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
      const v0 = ro[ring] as number, v1 = ro[ring + 1] as number;
      for (let v = v0; v < v1; v++) if (!Number.isFinite(c[2 * v]) || !Number.isFinite(c[2 * v + 1])) return 'Invalid Coordinate';
      if (v1 - v0 < 4) return 'Too few points in geometry component';
      if (c[2 * v0] !== c[2 * v1 - 2] || c[2 * v0 + 1] !== c[2 * v1 - 1]) return 'Ring is not closed';
      const first = edges.length;
      for (let v = v0; v + 1 < v1; v++) {
        const e: Edge = { ax: c[2 * v] as number, ay: c[2 * v + 1] as number, bx: c[2 * v + 2] as number, by: c[2 * v + 3] as number, ring, part: p, seq: 0, last: 0 };
        if (e.ax === e.bx && e.ay === e.by) continue;
        e.seq = edges.length - first;
        edges.push(e);
      }
      const n = edges.length - first;
      if (n < 3) return 'Too few points in geometry component';
      for (let i = first; i < edges.length; i++) (edges[i] as Edge).last = n - 1;
    }
  }
  // Sweep over x: only edges whose x-ranges overlap are compared.
  const order = edges.map((_, i) => i).sort((i, j) => Math.min((edges[i] as Edge).ax, (edges[i] as Edge).bx) - Math.min((edges[j] as Edge).ax, (edges[j] as Edge).bx));
  for (let a = 0; a < order.length; a++) {
    const e = edges[order[a] as number] as Edge;
    const ex1 = Math.max(e.ax, e.bx), ey0 = Math.min(e.ay, e.by), ey1 = Math.max(e.ay, e.by);
    for (let b = a + 1; b < order.length; b++) {
      const f = edges[order[b] as number] as Edge;
      if (Math.min(f.ax, f.bx) > ex1) break;
      if (Math.max(f.ay, f.by) < ey0 || Math.min(f.ay, f.by) > ey1) continue;
      const sameRing = e.ring === f.ring;
      const d = Math.abs(e.seq - f.seq);
      const adjacent = sameRing && (d === 1 || d === e.last);
      const m = meet(e, f);
      if (m === null) continue;
      if (adjacent) {
        // Neighbours share a vertex by construction; folding back over each other is a spike.
        if (m === 'cross') return 'Self-intersection';
        continue;
      }
      if (m === 'cross') return 'Self-intersection';
      if (sameRing) return 'Ring Self-intersection';
    }
  }
  // Holes inside their shell; shells not inside other parts. Edges do not cross, so one vertex that is
  // not on the other ring decides (a hole may touch its shell, and parts may touch, at points).
  for (let p = p0; p < p1; p++) {
    const shell = po[p] as number;
    for (let ring = shell + 1; ring < (po[p + 1] as number); ring++) {
      const v = freeVertex(c, ro, ring, [shell]);
      if (!pointInRing(c, ro[shell] as number, ro[shell + 1] as number, c[2 * v] as number, c[2 * v + 1] as number)) return 'Hole lies outside shell';
    }
    for (let q = p0; q < p1; q++) {
      if (q === p) continue;
      const other = po[q] as number;
      const qRings: number[] = [];
      for (let h = other; h < (po[q + 1] as number); h++) qRings.push(h);
      const v = freeVertex(c, ro, shell, qRings);
      if (pointInRing(c, ro[other] as number, ro[other + 1] as number, c[2 * v] as number, c[2 * v + 1] as number)) {
        let inHole = false;
        for (let h = other + 1; h < (po[q + 1] as number); h++) if (pointInRing(c, ro[h] as number, ro[h + 1] as number, c[2 * v] as number, c[2 * v + 1] as number)) inHole = true;
        if (!inHole) return 'Nested shells';
      }
    }
  }
  return null;
}

/** Throws DOTHI_ENGINE_POLYGON_INVALID for the first invalid row in [start, end). */
export function assertValidPolygons(table: FeatureTable, role: string, start = 0, end = table.length): void {
  for (let r = start; r < end; r++) {
    const reason = rowReason(table.geometry, r);
    if (reason) throw new DothiError('DOTHI_ENGINE_POLYGON_INVALID', { row: r, role, reason });
  }
}

/** Rows whose polygon is invalid, with the reason (GEOS's wording); empty rows are valid. */
export function validatePolygons(table: FeatureTable): Array<{ row: number; reason: string }> {
  requireKind(table, 'polygon', 'polygons');
  const out: Array<{ row: number; reason: string }> = [];
  for (let r = 0; r < table.length; r++) {
    const reason = rowReason(table.geometry, r);
    if (reason) out.push({ row: r, reason });
  }
  return out;
}

/**
 * A copy where every invalid row is rebuilt as the even-odd area of each part's rings (a bow-tie
 * becomes two triangles and a twisted loop a hole, as ST_MakeValid makes them), parts then merged;
 * rings with too few points or non-finite coordinates are dropped. Valid rows are kept as they are.
 */
export function repairPolygons(table: FeatureTable): FeatureTable {
  requireKind(table, 'polygon', 'polygons');
  const g = table.geometry;
  const rows: [number, number][][][][] = [];
  for (let r = 0; r < table.length; r++) {
    const mp = rowToPolyclip(g, r);
    if (rowReason(g, r) === null) { rows.push(mp); continue; }
    const clean = mp
      .map((poly) => poly.filter((ring) => ring.length >= 4 && ring.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))))
      .filter((poly) => poly.length > 0)
      .map((poly) => {
        const ring0 = poly[0] as [number, number][];
        const f = ring0[0] as [number, number], l = ring0[ring0.length - 1] as [number, number];
        if (f[0] !== l[0] || f[1] !== l[1]) ring0.push([f[0], f[1]]);
        return poly;
      });
    // Within a part, the covered area is the even-odd region of all its rings, as MakeValid reads a
    // bow-tie, a twisted loop or a hole outside its shell. Parity of the winding number is the xor of
    // the fan triangles (v0, vi, vi+1) of each ring, which polyclip-ts then resolves exactly.
    const parts = clean.map((poly) => {
      const tris: Geom[] = [];
      for (const ring of poly) {
        const o = ring[0] as [number, number];
        for (let i = 1; i + 2 < ring.length; i++) tris.push([[o, ring[i] as [number, number], ring[i + 1] as [number, number], o]]);
      }
      return tris.length === 0 ? [] : (xor(...(tris as [Geom, ...Geom[]])) as Geom);
    });
    rows.push(parts.length === 0 ? [] : (union(...(parts as [Geom, ...Geom[]])) as [number, number][][][]));
  }
  return polygonTable(rows, table.columns, table.crs);
}
