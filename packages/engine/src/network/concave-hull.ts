// Concave hull by Park & Oh's "gift opening", the algorithm of mapbox's concaveman, re-done over flat
// arrays for the small point sets of isochrones (tens to thousands of nodes): a uniform grid replaces
// concaveman's two R-trees, whose construction and object allocation dominated its time on such sets.
// Same steps, same order and the same robust orientation test, so the same hull as concaveman
// (the test compares them) at several times its speed.

import { orient2d } from 'robust-predicates';

function sqSegDist(px: number, py: number, x: number, y: number, x2: number, y2: number): number {
  let dx = x2 - x, dy = y2 - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) { x = x2; y = y2; } else if (t > 0) { x += dx * t; y += dy * t; }
  }
  dx = px - x; dy = py - y;
  return dx * dx + dy * dy;
}

/** Convex hull (Andrew's monotone chain) as point indices, clockwise (as concaveman's) from the lowest-x point, collinear points dropped. */
export function convexHull(xy: Float64Array, n: number): number[] {
  // Points strictly inside the quadrilateral of the four extreme points cannot be hull vertices: drop
  // them before sorting (concaveman's fastConvexHull does the same).
  let l = 0, r = 0, b = 0, t = 0;
  for (let i = 1; i < n; i++) {
    const x = xy[2 * i] as number, y = xy[2 * i + 1] as number;
    if (x < (xy[2 * l] as number)) l = i; if (x > (xy[2 * r] as number)) r = i;
    if (y < (xy[2 * b + 1] as number)) b = i; if (y > (xy[2 * t + 1] as number)) t = i;
  }
  const quad = [l, b, r, t];
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const px = xy[2 * i] as number, py = xy[2 * i + 1] as number;
    let inside = true;
    for (let k = 0; k < 4 && inside; k++) {
      const a = quad[k] as number, c = quad[(k + 1) % 4] as number;
      // Counter-clockwise quad (left, bottom, right, top): inside is strictly left of every edge,
      // which robust-predicates reports as a negative orientation.
      if (!(orient2d(xy[2 * a] as number, xy[2 * a + 1] as number, xy[2 * c] as number, xy[2 * c + 1] as number, px, py) < 0)) inside = false;
    }
    if (!inside) keep.push(i);
  }
  const order = keep
    .sort((a, b) => (xy[2 * a] as number) - (xy[2 * b] as number) || (xy[2 * a + 1] as number) - (xy[2 * b + 1] as number));
  const cross = (a: number, b: number, c: number): number =>
    orient2d(xy[2 * a] as number, xy[2 * a + 1] as number, xy[2 * b] as number, xy[2 * b + 1] as number, xy[2 * c] as number, xy[2 * c + 1] as number);
  const lower: number[] = [], upper: number[] = [];
  for (const p of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as number, lower[lower.length - 1] as number, p) <= 0) lower.pop();
    lower.push(p);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const p = order[i] as number;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as number, upper[upper.length - 1] as number, p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

/**
 * The concave hull of `n` points (flat x,y) as a closed ring of point indices (first = last).
 * `concavity` as concaveman's (1 detailed, Infinity convex); `lengthThreshold`: edges shorter are not dug.
 */
export function concaveHull(xy: Float64Array, n: number, concavity = 2, lengthThreshold = 0): number[] {
  if (n === 0) return [];
  const hull = convexHull(xy, n);
  const X = (i: number): number => xy[2 * i] as number, Y = (i: number): number => xy[2 * i + 1] as number;
  // Grid of the points still inside the hull, about one per cell.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = X(i), y = Y(i);
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
  }
  const side = Math.max(1, Math.round(Math.sqrt(n)));
  const cw = Math.max((x1 - x0) / side, 1e-300), ch = Math.max((y1 - y0) / side, 1e-300);
  const cellOf = (v: number, v0: number, c: number): number => Math.min(side - 1, Math.max(0, Math.floor((v - v0) / c)));
  const cellStart = new Int32Array(side * side + 1);
  for (let i = 0; i < n; i++) cellStart[cellOf(Y(i), y0, ch) * side + cellOf(X(i), x0, cw) + 1]!++;
  for (let c = 0; c < side * side; c++) cellStart[c + 1]! += cellStart[c] as number;
  const cellPts = new Int32Array(n);
  const fill = cellStart.slice(0, side * side);
  for (let i = 0; i < n; i++) cellPts[fill[cellOf(Y(i), y0, ch) * side + cellOf(X(i), x0, cw)]!++] = i;
  const used = new Uint8Array(n);

  // The hull as a doubly linked list of nodes; node k holds point pt[k].
  const pt: number[] = [], next: number[] = [], prev: number[] = [];
  const insertAfter = (p: number, after: number): number => {
    const k = pt.length;
    pt.push(p);
    if (after < 0) { next.push(k); prev.push(k); } else {
      next.push(next[after] as number); prev.push(after);
      prev[next[after] as number] = k; next[after] = k;
    }
    return k;
  };
  const queue: number[] = [];
  let last = -1;
  for (const p of hull) { used[p] = 1; last = insertAfter(p, last); queue.push(last); }
  const cross = (a: number, b: number, c: number): number => orient2d(X(a), Y(a), X(b), Y(b), X(c), Y(c));
  const intersects = (p1: number, q1: number, p2: number, q2: number): boolean =>
    p1 !== q2 && q1 !== p2 &&
    (cross(p1, q1, p2) > 0) !== (cross(p1, q1, q2) > 0) &&
    (cross(p2, q2, p1) > 0) !== (cross(p2, q2, q1) > 0);
  const noIntersections = (a: number, b: number): boolean => {
    const minX = Math.min(X(a), X(b)), maxX = Math.max(X(a), X(b)), minY = Math.min(Y(a), Y(b)), maxY = Math.max(Y(a), Y(b));
    // Every node is a hull edge: node k is the edge pt[k] → pt[next[k]].
    for (let k = 0; k < pt.length; k++) {
      const p = pt[k] as number, q = pt[next[k] as number] as number;
      // The same bounding-box prefilter as concaveman's segment R-tree search.
      if (Math.max(X(p), X(q)) < minX || Math.min(X(p), X(q)) > maxX || Math.max(Y(p), Y(q)) < minY || Math.min(Y(p), Y(q)) > maxY) continue;
      if (intersects(p, q, a, b)) return false;
    }
    return true;
  };
  const candD: number[] = [], candP: number[] = [], candOrder: number[] = [];
  const findCandidate = (a: number, b: number, c: number, d: number, maxDist: number): number => {
    const r = Math.sqrt(maxDist);
    const ca = cellOf(Math.min(X(b), X(c)) - r, x0, cw), cb = cellOf(Math.max(X(b), X(c)) + r, x0, cw);
    const ra = cellOf(Math.min(Y(b), Y(c)) - r, y0, ch), rb = cellOf(Math.max(Y(b), Y(c)) + r, y0, ch);
    candD.length = 0; candP.length = 0; candOrder.length = 0;
    const bx = X(b), by = Y(b), cx = X(c), cy = Y(c);
    for (let row = ra; row <= rb; row++) {
      for (let col = ca; col <= cb; col++) {
        const cell = row * side + col;
        for (let j = cellStart[cell] as number; j < (cellStart[cell + 1] as number); j++) {
          const p = cellPts[j] as number;
          if (used[p] === 1) continue;
          const dist = sqSegDist(X(p), Y(p), bx, by, cx, cy);
          if (dist > maxDist) continue;
          candOrder.push(candD.length); candD.push(dist); candP.push(p);
        }
      }
    }
    // Nearest to the edge first, as concaveman's best-first search; equal distances by point index.
    candOrder.sort((i, j) => (candD[i] as number) - (candD[j] as number) || (candP[i] as number) - (candP[j] as number));
    for (const i of candOrder) {
      const p = candP[i] as number, dist = candD[i] as number;
      const d0 = sqSegDist(X(p), Y(p), X(a), Y(a), bx, by), d1 = sqSegDist(X(p), Y(p), cx, cy, X(d), Y(d));
      if (dist < d0 && dist < d1 && noIntersections(b, p) && noIntersections(c, p)) return p;
    }
    return -1;
  };

  const sqConcavity = concavity * concavity, sqLenThreshold = lengthThreshold * lengthThreshold;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    const a = pt[node] as number, b = pt[next[node] as number] as number;
    const sqLen = (X(a) - X(b)) ** 2 + (Y(a) - Y(b)) ** 2;
    if (sqLen < sqLenThreshold) continue;
    const maxSqLen = sqLen / sqConcavity;
    const p = findCandidate(pt[prev[node] as number] as number, a, b, pt[next[next[node] as number] as number] as number, maxSqLen);
    if (p >= 0 && Math.min((X(p) - X(a)) ** 2 + (Y(p) - Y(a)) ** 2, (X(p) - X(b)) ** 2 + (Y(p) - Y(b)) ** 2) <= maxSqLen) {
      queue.push(node);
      queue.push(insertAfter(p, node));
      used[p] = 1;
    }
  }
  const ring: number[] = [];
  let node = last;
  do { ring.push(pt[node] as number); node = next[node] as number; } while (node !== last);
  ring.push(pt[node] as number);
  return ring;
}
