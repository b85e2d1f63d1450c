// Intersection area of a polygon row with a zone. Fast exact paths first: a polygon whose bounding
// box lies inside a rectangular zone counts whole; a convex zone clips each ring with
// Sutherland–Hodgman (clipping a ring by a half-plane keeps its winding number inside the half-plane,
// so the signed area of the clipped ring is that of ring ∩ zone even for a concave ring). Any other
// zone goes through polyclip-ts (Martinez-style boolean operations).

import { intersection } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import type { GeometryColumn } from '../columnar/table.ts';

type Ring = [number, number][];

/** Zone shape class: 2 = axis-aligned rectangle, 1 = convex single ring, 0 = general. */
export function zoneShapes(g: GeometryColumn, n: number): { shape: Uint8Array; ccw: Int8Array } {
  const shape = new Uint8Array(n), ccw = new Int8Array(n);
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  for (let z = 0; z < n; z++) {
    const p0 = g.geomOffsets[z] as number, p1 = g.geomOffsets[z + 1] as number;
    if (p1 - p0 !== 1 || (po[p0 + 1] as number) - (po[p0] as number) !== 1) continue;
    const r = po[p0] as number, v0 = ro[r] as number, v1 = ro[r + 1] as number;
    if (v1 - v0 < 4) continue;
    // Convex: every turn has the same sign (collinear vertices allowed).
    let sign = 0, convex = true;
    const m = v1 - v0 - 1;
    for (let i = 0; i < m && convex; i++) {
      const a = v0 + i, b = v0 + ((i + 1) % m), d = v0 + ((i + 2) % m);
      const cr = ((c[2 * b] as number) - (c[2 * a] as number)) * ((c[2 * d + 1] as number) - (c[2 * b + 1] as number)) -
        ((c[2 * b + 1] as number) - (c[2 * a + 1] as number)) * ((c[2 * d] as number) - (c[2 * b] as number));
      if (cr !== 0) {
        const sg = cr > 0 ? 1 : -1;
        if (sign === 0) sign = sg; else if (sg !== sign) convex = false;
      }
    }
    if (!convex || sign === 0) continue;
    ccw[z] = sign;
    shape[z] = 1;
    if (m === 4) {
      let axis = true;
      for (let i = 0; i < 4; i++) {
        const a = v0 + i, b = v0 + i + 1;
        if (c[2 * a] !== c[2 * b] && c[2 * a + 1] !== c[2 * b + 1]) axis = false;
      }
      if (axis) shape[z] = 2;
    }
  }
  return { shape, ccw };
}

/** Shoelace area of a ring given as flat xy, relative to its first vertex for precision. */
function flatArea(xy: Float64Array, n: number): number {
  if (n < 3) return 0;
  const ox = xy[0] as number, oy = xy[1] as number;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    s += ((xy[2 * i] as number) - ox) * ((xy[2 * j + 1] as number) - oy) - ((xy[2 * j] as number) - ox) * ((xy[2 * i + 1] as number) - oy);
  }
  return s / 2;
}

let bufA = new Float64Array(1024), bufB = new Float64Array(1024);

/**
 * Area of one ring (vertices [v0, v1), closed) clipped by a convex zone ring (vertices [z0, z1),
 * closed, orientation `ccw` = ±1). Returns the absolute area.
 */
function clipRingConvex(c: Float64Array, v0: number, v1: number, zc: Float64Array, z0: number, z1: number, ccw: number): number {
  let n = v1 - v0 - 1;
  if (n < 3) return 0;
  const need = 2 * (n + (z1 - z0)) * 2;
  if (bufA.length < need) { bufA = new Float64Array(need * 2); bufB = new Float64Array(need * 2); }
  let src = bufA, dst = bufB;
  for (let i = 0; i < 2 * n; i++) src[i] = c[2 * v0 + i] as number;
  for (let e = z0; e + 1 < z1 && n > 0; e++) {
    const ax = zc[2 * e] as number, ay = zc[2 * e + 1] as number, bx = zc[2 * e + 2] as number, by = zc[2 * e + 3] as number;
    const ex = bx - ax, ey = by - ay;
    let m = 0;
    let px = src[2 * n - 2] as number, py = src[2 * n - 1] as number;
    let pd = ccw * (ex * (py - ay) - ey * (px - ax));
    for (let i = 0; i < n; i++) {
      const qx = src[2 * i] as number, qy = src[2 * i + 1] as number;
      const qd = ccw * (ex * (qy - ay) - ey * (qx - ax));
      if (qd >= 0) {
        if (pd < 0) {
          const t = pd / (pd - qd);
          dst[m++] = px + t * (qx - px); dst[m++] = py + t * (qy - py);
        }
        dst[m++] = qx; dst[m++] = qy;
      } else if (pd > 0) {
        const t = pd / (pd - qd);
        dst[m++] = px + t * (qx - px); dst[m++] = py + t * (qy - py);
      }
      px = qx; py = qy; pd = qd;
    }
    n = m / 2;
    const tmp = src; src = dst; dst = tmp;
  }
  return Math.abs(flatArea(src, n));
}

/** Area of polygon row `r` of `g` inside convex zone `z` of `zg`. */
export function clipAreaConvex(g: GeometryColumn, r: number, zg: GeometryColumn, z: number, ccw: number): number {
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array;
  const zr = (zg.partOffsets as Uint32Array)[zg.geomOffsets[z] as number] as number;
  const zro = zg.ringOffsets as Uint32Array;
  const z0 = zro[zr] as number, z1 = zro[zr + 1] as number;
  let area = 0;
  for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
    for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
      const a = clipRingConvex(g.coords, ro[ring] as number, ro[ring + 1] as number, zg.coords, z0, z1, ccw);
      area += ring === po[p] ? a : -a;
    }
  }
  return area;
}

/** A row as polyclip-ts geometry (multipolygon), rings open as polyclip expects them. */
export function rowToPolyclip(g: GeometryColumn, r: number): [number, number][][][] {
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  const out: [number, number][][][] = [];
  for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
    const poly: Ring[] = [];
    for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
      const pts: Ring = [];
      for (let v = ro[ring] as number; v < (ro[ring + 1] as number); v++) pts.push([c[2 * v] as number, c[2 * v + 1] as number]);
      if (pts.length >= 4) poly.push(pts);
    }
    if (poly.length > 0) out.push(poly);
  }
  return out;
}

/** Area of a polyclip-ts multipolygon (outer rings minus holes). */
export function polyclipArea(mp: [number, number][][][]): number {
  let area = 0;
  for (const poly of mp) {
    poly.forEach((ring, i) => {
      const xy = new Float64Array(ring.length * 2);
      ring.forEach((p, j) => { xy[2 * j] = p[0]; xy[2 * j + 1] = p[1]; });
      // polyclip closes rings by repeating the first vertex; the shoelace wraps, so the repeat adds 0.
      const a = Math.abs(flatArea(xy, ring.length));
      area += i === 0 ? a : -a;
    });
  }
  return area;
}

/** General intersection area through polyclip-ts. */
export function clipAreaGeneral(g: GeometryColumn, r: number, zoneGeom: Geom): number {
  const a = rowToPolyclip(g, r);
  if (a.length === 0) return 0;
  return polyclipArea(intersection(a, zoneGeom));
}
