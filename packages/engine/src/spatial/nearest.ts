// k-nearest targets and counts within a distance, planar, over a static k-d tree (kdbush) of the
// target points. The search walks kdbush's implicit tree directly with a small explicit stack,
// nearer child first, so a query allocates nothing.

import KDBush from 'kdbush';
import type { FeatureTable } from '../columnar/table.ts';
import { checkRange, requireKind } from './point-in-polygon.ts';

export interface NearestResult {
  /** Target row per origin and rank, row-major (k per origin); -1 when fewer than k targets qualify. */
  index: Int32Array;
  /** Planar distance, same layout; Infinity where index is -1. */
  distance: Float64Array;
}

interface TargetTree {
  tree: KDBush;
  ids: Uint32Array | Uint16Array;
  coords: Float64Array;
  /** Target row of each indexed vertex (a multi-point row has several). */
  rowOf: Uint32Array;
  n: number;
  nodeSize: number;
}

const NODE_SIZE = 16;

function buildTargets(targets: FeatureTable): TargetTree {
  requireKind(targets, 'point', 'targets');
  const g = targets.geometry, go = g.geomOffsets, c = g.coords;
  let n = 0;
  for (let r = 0; r < targets.length; r++) {
    for (let v = go[r] as number; v < (go[r + 1] as number); v++) if (Number.isFinite(c[2 * v]) && Number.isFinite(c[2 * v + 1])) n++;
  }
  const tree = new KDBush(Math.max(n, 1), NODE_SIZE);
  const rowOf = new Uint32Array(Math.max(n, 1));
  let i = 0;
  for (let r = 0; r < targets.length; r++) {
    for (let v = go[r] as number; v < (go[r + 1] as number); v++) {
      const x = c[2 * v] as number, y = c[2 * v + 1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      tree.add(x, y);
      rowOf[i++] = r;
    }
  }
  if (n === 0) tree.add(0, 0);
  tree.finish();
  return { tree, ids: tree.ids, coords: tree.coords as Float64Array, rowOf, n, nodeSize: tree.nodeSize };
}

/**
 * The k nearest target rows of each origin row in [start, end) (entry (i, j) is rank j of origin
 * start + i), within `maxDistance` (inclusive) when given. Ties go to the lower target row, so the
 * answer does not depend on the tree. A multi-point origin uses its first point; a multi-point
 * target is as near as its nearest point.
 */
export function nearest(origins: FeatureTable, targets: FeatureTable, opts: { k?: number; maxDistance?: number; start?: number; end?: number } = {}): NearestResult {
  requireKind(origins, 'point', 'origins');
  const k = opts.k ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  const [s, e] = checkRange(origins.length, opts.start, opts.end);
  const t = buildTargets(targets);
  const index = new Int32Array((e - s) * k).fill(-1);
  const distance = new Float64Array((e - s) * k).fill(Infinity);
  if (t.n === 0) return { index, distance };
  const limit = opts.maxDistance === undefined ? Infinity : opts.maxDistance * opts.maxDistance;
  const ids = t.ids, tc = t.coords, rowOf = t.rowOf, nodeSize = t.nodeSize;
  const bestD = new Float64Array(k), bestR = new Int32Array(k);
  const stackL = new Int32Array(512), stackR = new Int32Array(512), stackA = new Uint8Array(512);
  const stackB = new Float64Array(512);
  const go = origins.geometry.geomOffsets, oc = origins.geometry.coords;
  for (let r = s; r < e; r++) {
    const v = go[r] as number;
    if (v === go[r + 1]) continue;
    const qx = oc[2 * v] as number, qy = oc[2 * v + 1] as number;
    let filled = 0;
    let worst = limit;
    let sp = 0;
    stackL[0] = 0; stackR[0] = t.n - 1; stackA[0] = 0; stackB[0] = 0; sp = 1;
    while (sp > 0) {
      sp--;
      if ((stackB[sp] as number) > worst) continue;
      const left = stackL[sp] as number, right = stackR[sp] as number, axis = stackA[sp] as number;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const dx = (tc[2 * i] as number) - qx, dy = (tc[2 * i + 1] as number) - qy;
          const d = dx * dx + dy * dy;
          if (d > worst) continue;
          const row = rowOf[ids[i] as number] as number;
          // Same row twice (multi-point target): keep its nearer point only.
          let dup = -1;
          for (let j = 0; j < filled; j++) if (bestR[j] === row) { dup = j; break; }
          if (dup >= 0) {
            if (d >= (bestD[dup] as number)) continue;
            for (let j = dup; j < filled - 1; j++) { bestD[j] = bestD[j + 1] as number; bestR[j] = bestR[j + 1] as number; }
            filled--;
          } else if (filled === k) {
            if (d === worst && row > (bestR[k - 1] as number)) continue;
            filled--;
          }
          let j = filled;
          while (j > 0 && ((bestD[j - 1] as number) > d || ((bestD[j - 1] as number) === d && (bestR[j - 1] as number) > row))) {
            bestD[j] = bestD[j - 1] as number; bestR[j] = bestR[j - 1] as number; j--;
          }
          bestD[j] = d; bestR[j] = row; filled++;
          if (filled === k) worst = bestD[k - 1] as number;
        }
        continue;
      }
      const m = (left + right) >> 1;
      const mx = tc[2 * m] as number, my = tc[2 * m + 1] as number;
      const dx = mx - qx, dy = my - qy;
      const d = dx * dx + dy * dy;
      if (d <= worst) {
        const row = rowOf[ids[m] as number] as number;
        let dup = -1;
        for (let j = 0; j < filled; j++) if (bestR[j] === row) { dup = j; break; }
        let take = true;
        if (dup >= 0) {
          if (d >= (bestD[dup] as number)) take = false;
          else { for (let j = dup; j < filled - 1; j++) { bestD[j] = bestD[j + 1] as number; bestR[j] = bestR[j + 1] as number; } filled--; }
        } else if (filled === k) {
          if (d === worst && row > (bestR[k - 1] as number)) take = false; else filled--;
        }
        if (take) {
          let j = filled;
          while (j > 0 && ((bestD[j - 1] as number) > d || ((bestD[j - 1] as number) === d && (bestR[j - 1] as number) > row))) {
            bestD[j] = bestD[j - 1] as number; bestR[j] = bestR[j - 1] as number; j--;
          }
          bestD[j] = d; bestR[j] = row; filled++;
          if (filled === k) worst = bestD[k - 1] as number;
        }
      }
      const diff = axis === 0 ? qx - mx : qy - my;
      const plane = diff * diff;
      const na = 1 - axis;
      // Far child first on the stack, so the near one is searched first and tightens `worst`.
      if (diff < 0) {
        stackL[sp] = m + 1; stackR[sp] = right; stackA[sp] = na; stackB[sp] = plane; sp++;
        stackL[sp] = left; stackR[sp] = m - 1; stackA[sp] = na; stackB[sp] = 0; sp++;
      } else {
        stackL[sp] = left; stackR[sp] = m - 1; stackA[sp] = na; stackB[sp] = plane; sp++;
        stackL[sp] = m + 1; stackR[sp] = right; stackA[sp] = na; stackB[sp] = 0; sp++;
      }
    }
    const o = (r - s) * k;
    for (let j = 0; j < filled; j++) { index[o + j] = bestR[j] as number; distance[o + j] = Math.sqrt(bestD[j] as number); }
  }
  return { index, distance };
}

/**
 * Number of target rows within `radius` (inclusive, as ST_DWithin) of each origin row in [start, end)
 * (entry i is origin start + i). A multi-point target counts once.
 */
export function countWithin(origins: FeatureTable, targets: FeatureTable, radius: number, opts: { start?: number; end?: number } = {}): Float64Array {
  requireKind(origins, 'point', 'origins');
  const [s, e] = checkRange(origins.length, opts.start, opts.end);
  const t = buildTargets(targets);
  const out = new Float64Array(e - s);
  if (t.n === 0 || !(radius >= 0)) return out;
  const r2 = radius * radius;
  const ids = t.ids, tc = t.coords, rowOf = t.rowOf, nodeSize = t.nodeSize;
  const stamp = new Int32Array(targets.length).fill(-1);
  const stackL = new Int32Array(512), stackR = new Int32Array(512), stackA = new Uint8Array(512);
  const go = origins.geometry.geomOffsets, oc = origins.geometry.coords;
  for (let r = s; r < e; r++) {
    const v = go[r] as number;
    if (v === go[r + 1]) continue;
    const qx = oc[2 * v] as number, qy = oc[2 * v + 1] as number;
    const x0 = qx - radius, x1 = qx + radius, y0 = qy - radius, y1 = qy + radius;
    let n = 0;
    let sp = 1;
    stackL[0] = 0; stackR[0] = t.n - 1; stackA[0] = 0;
    while (sp > 0) {
      sp--;
      const left = stackL[sp] as number, right = stackR[sp] as number, axis = stackA[sp] as number;
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const dx = (tc[2 * i] as number) - qx, dy = (tc[2 * i + 1] as number) - qy;
          if (dx * dx + dy * dy <= r2) {
            const row = rowOf[ids[i] as number] as number;
            if (stamp[row] !== r) { stamp[row] = r; n++; }
          }
        }
        continue;
      }
      const m = (left + right) >> 1;
      const mx = tc[2 * m] as number, my = tc[2 * m + 1] as number;
      const dx = mx - qx, dy = my - qy;
      if (dx * dx + dy * dy <= r2) {
        const row = rowOf[ids[m] as number] as number;
        if (stamp[row] !== r) { stamp[row] = r; n++; }
      }
      const na = 1 - axis;
      if (axis === 0 ? x0 <= mx : y0 <= my) { stackL[sp] = left; stackR[sp] = m - 1; stackA[sp] = na; sp++; }
      if (axis === 0 ? x1 >= mx : y1 >= my) { stackL[sp] = m + 1; stackR[sp] = right; stackA[sp] = na; sp++; }
    }
    out[r - s] = n;
  }
  return out;
}
