// Point-in-polygon assignment with ST_Contains semantics (a point on a boundary is not contained).
// Two levels of index, both flat typed arrays: a uniform grid over the zones' extent lists the zones
// whose bounding box meets each cell, and each zone's edges are bucketed in horizontal slabs, so the
// even-odd ray test only looks at the edges that can cross the ray (those spanning the point's y).

import { orient2d } from 'robust-predicates';
import { DothiError } from '../errors.ts';
import type { FeatureTable } from '../columnar/table.ts';
import { zoneShapes } from './clip.ts';

export interface ZoneIndex {
  zoneCount: number;
  /** [minX, minY, maxX, maxY] per zone; NaN for an empty zone. */
  bounds: Float64Array;
  /** 1 where the zone is an axis-aligned rectangle: its interior is its open bounding box. */
  rect: Uint8Array;
  gx0: number; gy0: number; invW: number; invH: number; nx: number; ny: number;
  cellStart: Uint32Array;
  cellZones: Uint32Array;
  /** Parallel to cellZones: 1 where the whole cell lies in the zone's interior, so its points need no test. */
  cellInside: Uint8Array;
  /** x1, y1, x2, y2 per edge. */
  edges: Float64Array;
  slabY0: Float64Array;
  slabInvH: Float64Array;
  slabCount: Uint32Array;
  /** Index into slabStart of each zone's first slab. */
  slabBase: Uint32Array;
  slabStart: Uint32Array;
  slabEdges: Uint32Array;
}

export function requireKind(t: FeatureTable, kind: 'point' | 'polygon', role: string): void {
  if (t.geometry.kind !== kind) throw new DothiError('DOTHI_ENGINE_SPATIAL_KIND', { role, expected: kind, actual: t.geometry.kind });
}

export function checkRange(n: number, start: number | undefined, end: number | undefined): [number, number] {
  const s = start ?? 0, e = end ?? n;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) {
    throw new DothiError('DOTHI_ENGINE_RANGE_INVALID', { start: String(start), end: String(end), length: n });
  }
  return [s, e];
}

export function pointInPolygonIndex(zones: FeatureTable): ZoneIndex {
  requireKind(zones, 'polygon', 'zones');
  const g = zones.geometry;
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  const n = zones.length;
  const bounds = new Float64Array(n * 4);
  let edgeTotal = 0;
  for (let z = 0; z < n; z++) {
    const r0 = po[g.geomOffsets[z] as number] as number, r1 = po[g.geomOffsets[z + 1] as number] as number;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let r = r0; r < r1; r++) {
      const v0 = ro[r] as number, v1 = ro[r + 1] as number;
      if (v1 > v0) edgeTotal += v1 - v0 - 1;
      for (let v = v0; v < v1; v++) {
        const x = c[2 * v] as number, y = c[2 * v + 1] as number;
        if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
    }
    if (!(x0 <= x1)) x0 = y0 = x1 = y1 = NaN;
    bounds[4 * z] = x0; bounds[4 * z + 1] = y0; bounds[4 * z + 2] = x1; bounds[4 * z + 3] = y1;
  }
  // Edges and slabs, zone by zone.
  const edges = new Float64Array(edgeTotal * 4);
  const slabY0 = new Float64Array(n), slabInvH = new Float64Array(n);
  const slabCount = new Uint32Array(n), slabBase = new Uint32Array(n + 1);
  const zoneEdgeStart = new Uint32Array(n + 1);
  let e = 0;
  for (let z = 0; z < n; z++) {
    zoneEdgeStart[z] = e;
    const r0 = po[g.geomOffsets[z] as number] as number, r1 = po[g.geomOffsets[z + 1] as number] as number;
    for (let r = r0; r < r1; r++) {
      for (let v = ro[r] as number; v + 1 < (ro[r + 1] as number); v++) {
        edges[4 * e] = c[2 * v] as number; edges[4 * e + 1] = c[2 * v + 1] as number;
        edges[4 * e + 2] = c[2 * v + 2] as number; edges[4 * e + 3] = c[2 * v + 3] as number;
        e++;
      }
    }
    const ne = e - (zoneEdgeStart[z] as number);
    // About four edges per slab keeps the per-point work flat however detailed the zone is.
    const h = (bounds[4 * z + 3] as number) - (bounds[4 * z + 1] as number);
    const s = ne > 0 && h > 0 ? Math.min(4096, Math.max(1, Math.floor(ne / 4))) : 1;
    slabCount[z] = s;
    slabY0[z] = ne > 0 ? (bounds[4 * z + 1] as number) : 0;
    slabInvH[z] = h > 0 ? s / h : 0;
    slabBase[z + 1] = (slabBase[z] as number) + s + 1;
  }
  zoneEdgeStart[n] = e;
  const slabStart = new Uint32Array(slabBase[n] as number);
  const slabRange = (z: number, ya: number, yb: number): [number, number] => {
    const s = slabCount[z] as number, inv = slabInvH[z] as number, y0 = slabY0[z] as number;
    let a = Math.floor((ya - y0) * inv), b = Math.floor((yb - y0) * inv);
    if (a < 0) a = 0; if (b > s - 1) b = s - 1; if (a > s - 1) a = s - 1; if (b < 0) b = 0;
    return [a, b];
  };
  // Counting pass, then fill: CSR lists of edge ids per slab.
  const counts = new Uint32Array(slabStart.length);
  for (let z = 0; z < n; z++) {
    const base = slabBase[z] as number;
    for (let k = zoneEdgeStart[z] as number; k < (zoneEdgeStart[z + 1] as number); k++) {
      const ya = Math.min(edges[4 * k + 1] as number, edges[4 * k + 3] as number), yb = Math.max(edges[4 * k + 1] as number, edges[4 * k + 3] as number);
      const [a, b] = slabRange(z, ya, yb);
      for (let s = a; s <= b; s++) counts[base + s]!++;
    }
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) { slabStart[i] = total; total += counts[i] as number; }
  // slabStart[base + s + 1] must close slab s: the extra slot per zone holds the zone's end.
  const slabEdges = new Uint32Array(total);
  const fill = slabStart.slice();
  for (let z = 0; z < n; z++) {
    const base = slabBase[z] as number;
    for (let k = zoneEdgeStart[z] as number; k < (zoneEdgeStart[z + 1] as number); k++) {
      const ya = Math.min(edges[4 * k + 1] as number, edges[4 * k + 3] as number), yb = Math.max(edges[4 * k + 1] as number, edges[4 * k + 3] as number);
      const [a, b] = slabRange(z, ya, yb);
      for (let s = a; s <= b; s++) slabEdges[fill[base + s]!++] = k;
    }
  }
  // Grid of zone candidates: about 32 cells per zone, shaped like the extent; small cells mostly lie inside one zone (cellInside).
  let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
  for (let z = 0; z < n; z++) {
    if (Number.isNaN(bounds[4 * z] as number)) continue;
    gx0 = Math.min(gx0, bounds[4 * z] as number); gy0 = Math.min(gy0, bounds[4 * z + 1] as number);
    gx1 = Math.max(gx1, bounds[4 * z + 2] as number); gy1 = Math.max(gy1, bounds[4 * z + 3] as number);
  }
  let nx = 1, ny = 1;
  if (gx0 <= gx1) {
    const w = Math.max(gx1 - gx0, 1e-9), h = Math.max(gy1 - gy0, 1e-9);
    const cells = Math.max(1, Math.min(1 << 22, n * 32));
    nx = Math.max(1, Math.min(4096, Math.round(Math.sqrt((cells * w) / h))));
    ny = Math.max(1, Math.min(4096, Math.round(cells / nx)));
  } else {
    gx0 = gy0 = 0; gx1 = gy1 = 1;
  }
  const invW = nx / Math.max(gx1 - gx0, 1e-9), invH = ny / Math.max(gy1 - gy0, 1e-9);
  const cellOf = (v: number, v0: number, inv: number, m: number): number => {
    const i = Math.floor((v - v0) * inv);
    return i < 0 ? 0 : i >= m ? m - 1 : i;
  };
  const cellCounts = new Uint32Array(nx * ny + 1);
  const each = (z: number, f: (cell: number) => void): void => {
    if (Number.isNaN(bounds[4 * z] as number)) return;
    const ca = cellOf(bounds[4 * z] as number, gx0, invW, nx), cb = cellOf(bounds[4 * z + 2] as number, gx0, invW, nx);
    const ra = cellOf(bounds[4 * z + 1] as number, gy0, invH, ny), rb = cellOf(bounds[4 * z + 3] as number, gy0, invH, ny);
    for (let r = ra; r <= rb; r++) for (let q = ca; q <= cb; q++) f(r * nx + q);
  };
  for (let z = 0; z < n; z++) each(z, (cell) => { cellCounts[cell]!++; });
  const cellStart = new Uint32Array(nx * ny + 1);
  for (let i = 0; i < nx * ny; i++) cellStart[i + 1] = (cellStart[i] as number) + (cellCounts[i] as number);
  const cellZones = new Uint32Array(cellStart[nx * ny] as number);
  const cf = cellStart.slice();
  // Zones go in ascending order, so the first hit in a cell is the lowest zone row.
  for (let z = 0; z < n; z++) each(z, (cell) => { cellZones[cf[cell]!++] = z; });
  const rect = zoneShapes(g, n).shape.map((v) => (v === 2 ? 1 : 0));
  const ix: ZoneIndex = {
    zoneCount: n, bounds, rect, gx0, gy0, invW, invH, nx, ny, cellStart, cellZones, cellInside: new Uint8Array(cellZones.length),
    edges, slabY0, slabInvH, slabCount, slabBase, slabStart, slabEdges,
  };
  markInsideCells(ix, slabRange);
  return ix;
}

/**
 * Flags the (cell, zone) pairs where the cell is wholly in the zone's open interior. A cell is taken
 * a little larger than its nominal rectangle (cells are found by floor((x − x0)·inv), which rounds),
 * and the last column and row reach to infinity because points beyond the extent are clamped into them.
 */
function markInsideCells(ix: ZoneIndex, slabRange: (z: number, ya: number, yb: number) => [number, number]): void {
  const { nx, ny, gx0, gy0, invW, invH, cellStart, cellZones, cellInside, bounds, edges: E } = ix;
  const mx = 1e-7 / invW + 1e-12 * Math.abs(gx0), my = 1e-7 / invH + 1e-12 * Math.abs(gy0);
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const cell = cy * nx + cx;
      const x0 = gx0 + cx / invW - mx, y0 = gy0 + cy / invH - my;
      const x1 = cx === nx - 1 ? Infinity : gx0 + (cx + 1) / invW + mx, y1 = cy === ny - 1 ? Infinity : gy0 + (cy + 1) / invH + my;
      if (x1 === Infinity || y1 === Infinity) continue;
      for (let k = cellStart[cell] as number; k < (cellStart[cell + 1] as number); k++) {
        const z = cellZones[k] as number;
        if (!(x0 > (bounds[4 * z] as number) && x1 < (bounds[4 * z + 2] as number) && y0 > (bounds[4 * z + 1] as number) && y1 < (bounds[4 * z + 3] as number))) continue;
        if (ix.rect[z] === 1) { cellInside[k] = 1; continue; }
        // No edge may come near the cell (holes are edges too); then one interior point decides.
        const [a, b] = slabRange(z, y0, y1);
        let clear = true;
        for (let sl = (ix.slabBase[z] as number) + a; clear && sl <= (ix.slabBase[z] as number) + b; sl++) {
          for (let i = ix.slabStart[sl] as number; i < (ix.slabStart[sl + 1] as number); i++) {
            const e = 4 * (ix.slabEdges[i] as number);
            const ex0 = Math.min(E[e] as number, E[e + 2] as number), ex1 = Math.max(E[e] as number, E[e + 2] as number);
            const ey0 = Math.min(E[e + 1] as number, E[e + 3] as number), ey1 = Math.max(E[e + 1] as number, E[e + 3] as number);
            if (ex0 <= x1 && ex1 >= x0 && ey0 <= y1 && ey1 >= y0) { clear = false; break; }
          }
        }
        if (clear && locateInZone(ix, z, (x0 + x1) / 2, (y0 + y1) / 2) === 1) cellInside[k] = 1;
      }
    }
  }
}

const EPS_BOUND = (3 + 16 * 2 ** -53) * 2 ** -53;

/** 1 inside, 0 outside, -1 on the boundary (exact orientation where the fast test is unsure). */
export function locateInZone(ix: ZoneIndex, z: number, px: number, py: number): number {
  const bd = ix.bounds;
  if (!(px >= (bd[4 * z] as number) && px <= (bd[4 * z + 2] as number) && py >= (bd[4 * z + 1] as number) && py <= (bd[4 * z + 3] as number))) return 0;
  if (ix.rect[z] === 1) return px > (bd[4 * z] as number) && px < (bd[4 * z + 2] as number) && py > (bd[4 * z + 1] as number) && py < (bd[4 * z + 3] as number) ? 1 : -1;
  const sc = ix.slabCount[z] as number;
  let s = Math.floor((py - (ix.slabY0[z] as number)) * (ix.slabInvH[z] as number));
  if (s < 0) s = 0; else if (s >= sc) s = sc - 1;
  const slot = (ix.slabBase[z] as number) + s;
  const a = ix.slabStart[slot] as number, b = ix.slabStart[slot + 1] as number;
  const E = ix.edges, L = ix.slabEdges;
  let inside = false;
  for (let i = a; i < b; i++) {
    const k = 4 * (L[i] as number);
    const x1 = E[k] as number, y1 = E[k + 1] as number, x2 = E[k + 2] as number, y2 = E[k + 3] as number;
    const up1 = y1 > py, up2 = y2 > py;
    if (up1 !== up2) {
      const l = (x2 - x1) * (py - y1), r = (y2 - y1) * (px - x1);
      let det = l - r;
      if (Math.abs(det) <= EPS_BOUND * (Math.abs(l) + Math.abs(r))) det = -orient2d(x1, y1, x2, y2, px, py);
      if (det === 0) return -1;
      if ((det > 0) === up2) inside = !inside;
    } else if (y1 === py) {
      if (x1 === px) return -1;
      if (y2 === py && (px - x1) * (px - x2) < 0) return -1;
    }
  }
  return inside ? 1 : 0;
}

/**
 * The zone row containing each point row in [start, end) (entry i is row start + i), or -1 when none
 * does or the row is empty. Where zones overlap the lowest zone row wins. A multi-point row uses its
 * first point.
 */
export function assignPointsToZones(points: FeatureTable, zoneIndex: ZoneIndex, opts: { start?: number; end?: number } = {}): Int32Array {
  requireKind(points, 'point', 'points');
  const [s, e] = checkRange(points.length, opts.start, opts.end);
  const out = new Int32Array(e - s).fill(-1);
  const ix = zoneIndex;
  const go = points.geometry.geomOffsets, c = points.geometry.coords;
  const { gx0, gy0, invW, invH, nx, ny, cellStart, cellZones, cellInside } = ix;
  for (let r = s; r < e; r++) {
    const v = go[r] as number;
    if (v === go[r + 1]) continue;
    const px = c[2 * v] as number, py = c[2 * v + 1] as number;
    const qx = Math.floor((px - gx0) * invW), qy = Math.floor((py - gy0) * invH);
    // Left of or below the extent (or NaN): in no zone. Right of or above it: clamped, the bbox test rejects.
    if (!(qx >= 0 && qy >= 0)) continue;
    const cell = (qy >= ny ? ny - 1 : qy) * nx + (qx >= nx ? nx - 1 : qx);
    for (let k = cellStart[cell] as number; k < (cellStart[cell + 1] as number); k++) {
      const z = cellZones[k] as number;
      if (cellInside[k] === 1 || locateInZone(ix, z, px, py) === 1) { out[r - s] = z; break; }
    }
  }
  return out;
}

/** Calls `f(zone)` for every zone containing (px, py), in ascending zone order. */
export function forEachContainingZone(ix: ZoneIndex, px: number, py: number, f: (zone: number) => void): void {
  const qx = Math.floor((px - ix.gx0) * ix.invW), qy = Math.floor((py - ix.gy0) * ix.invH);
  if (!(qx >= 0 && qy >= 0)) return;
  const cell = (qy >= ix.ny ? ix.ny - 1 : qy) * ix.nx + (qx >= ix.nx ? ix.nx - 1 : qx);
  for (let k = ix.cellStart[cell] as number; k < (ix.cellStart[cell + 1] as number); k++) {
    const z = ix.cellZones[k] as number;
    if (ix.cellInside[k] === 1 || locateInZone(ix, z, px, py) === 1) f(z);
  }
}
