// Our flat-array concave hull against the implementation it re-does, mapbox's concaveman 2.0.0 (kept
// as a development dependency for this comparison): same points, same concavity → the same ring,
// vertex for vertex (both use robust-predicates' orient2d, so no tolerance is needed). One known case
// differs: concaveman's R-tree search prunes boxes by a segment-to-box distance that can exceed the
// true distance (replacing it by 0 makes concaveman agree), so it skips a nearer candidate; there we
// check against a naive form of the algorithm (every remaining point tried, nearest first).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import concaveman from 'concaveman';
import { orient2d } from 'robust-predicates';
import { concaveHull, convexHull } from '../src/network/concave-hull.ts';

/** Seeded LCG (Numerical Recipes constants). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => orient2d(ax, ay, bx, by, cx, cy);
function segDist(p: number[], a: number[], b: number[]): number {
  let [x, y] = a as [number, number];
  const dx = (b[0] as number) - x, dy = (b[1] as number) - y;
  if (dx !== 0 || dy !== 0) {
    const t = (((p[0] as number) - x) * dx + ((p[1] as number) - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b as [number, number]; else if (t > 0) { x += dx * t; y += dy * t; }
  }
  return ((p[0] as number) - x) ** 2 + ((p[1] as number) - y) ** 2;
}

/** Park & Oh's gift opening as concaveman orders it, with no index at all. */
function naive(xy: Float64Array, concavity: number): number[][] {
  const n = xy.length / 2;
  const P = Array.from({ length: n }, (_, i) => [xy[2 * i] as number, xy[2 * i + 1] as number]);
  const ring = convexHull(xy, n);
  const hullLast = ring[ring.length - 1] as number;
  const used = new Set(ring);
  const crosses = (p1: number, q1: number, p2: number, q2: number): boolean => {
    const [a, b, c, d] = [P[p1], P[q1], P[p2], P[q2]] as [number[], number[], number[], number[]];
    if (Math.max(a[0]!, b[0]!) < Math.min(c[0]!, d[0]!) || Math.min(a[0]!, b[0]!) > Math.max(c[0]!, d[0]!) ||
      Math.max(a[1]!, b[1]!) < Math.min(c[1]!, d[1]!) || Math.min(a[1]!, b[1]!) > Math.max(c[1]!, d[1]!)) return false;
    return p1 !== q2 && q1 !== p2 &&
      (orient(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!) > 0) !== (orient(a[0]!, a[1]!, b[0]!, b[1]!, d[0]!, d[1]!) > 0) &&
      (orient(c[0]!, c[1]!, d[0]!, d[1]!, a[0]!, a[1]!) > 0) !== (orient(c[0]!, c[1]!, d[0]!, d[1]!, b[0]!, b[1]!) > 0);
  };
  // Edges are named by their start point (edge a → the next point of the ring); the queue holds start points.
  const queue = ring.slice();
  const sq = (p: number, q: number): number => (P[p]![0]! - P[q]![0]!) ** 2 + (P[p]![1]! - P[q]![1]!) ** 2;
  const free = (s: number, t: number): boolean => ring.every((e, j) => !crosses(e, ring[(j + 1) % ring.length] as number, s, t));
  while (queue.length) {
    const a = queue.shift() as number;
    const i = ring.indexOf(a), m = ring.length;
    const b = ring[(i + 1) % m] as number, prev = ring[(i - 1 + m) % m] as number, nn = ring[(i + 2) % m] as number;
    const maxSq = sq(a, b) / (concavity * concavity);
    const cands = P.map((p, k) => ({ k, d: segDist(p, P[a]!, P[b]!) })).filter((c) => !used.has(c.k) && c.d <= maxSq)
      .sort((x, y) => x.d - y.d || x.k - y.k);
    const hit = cands.find((c) => c.d < segDist(P[c.k]!, P[prev]!, P[a]!) && c.d < segDist(P[c.k]!, P[b]!, P[nn]!) && free(a, c.k) && free(b, c.k));
    if (hit && Math.min(sq(hit.k, a), sq(hit.k, b)) <= maxSq) {
      ring.splice(i + 1, 0, hit.k);
      used.add(hit.k);
      queue.push(a, hit.k);
    }
  }
  // concaveman reads the ring out from the last convex-hull point.
  const from = ring.indexOf(hullLast);
  const out = [...ring.slice(from), ...ring.slice(0, from)];
  out.push(out[0] as number);
  return out.map((k) => P[k] as number[]);
}

function ours(xy: Float64Array, concavity: number, threshold = 0): number[][] {
  return concaveHull(xy, xy.length / 2, concavity, threshold).map((i) => [xy[2 * i] as number, xy[2 * i + 1] as number]);
}
function theirs(xy: Float64Array, concavity: number, threshold = 0): number[][] {
  const pts: number[][] = [];
  for (let i = 0; i < xy.length; i += 2) pts.push([xy[i] as number, xy[i + 1] as number]);
  return concaveman(pts, concavity, threshold).map((p) => [p[0] as number, p[1] as number]);
}

function area(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return Math.abs(a / 2);
}

function seededSets(): { name: string; xy: Float64Array; uniform: boolean }[] {
  const r = rng(2024);
  const sets: { name: string; xy: Float64Array; uniform: boolean }[] = [];
  for (const n of [3, 4, 10, 57, 200, 1000]) sets.push({ name: `cloud ${n}`, xy: Float64Array.from({ length: 2 * n }, () => r() * 1000), uniform: true });
  // Isochrone-like: nodes along jittered streets radiating from a centre.
  for (let s = 0; s < 5; s++) {
    const xy: number[] = [];
    for (let arm = 0; arm < 7; arm++) {
      const ang = r() * 2 * Math.PI, len = 200 + r() * 600;
      for (let t = 0; t < len; t += 20 + r() * 40) xy.push(5000 + Math.cos(ang) * t + r() * 15, 7000 + Math.sin(ang) * t + r() * 15);
    }
    sets.push({ name: `streets ${s}`, xy: Float64Array.from(xy), uniform: false });
  }
  // A lattice: many equal distances and collinear points (ties are where implementations may part).
  const lat: number[] = [];
  for (let i = 0; i < 12; i++) for (let j = 0; j < 9; j++) if ((i * 7 + j * 3) % 5 !== 0) lat.push(i * 10, j * 10 + (i % 2) * 0.5);
  sets.push({ name: 'lattice', xy: Float64Array.from(lat), uniform: false });
  return sets;
}

test('the same ring as the exhaustive form of the algorithm on seeded clouds, street-like sets and a lattice', () => {
  for (const { name, xy } of seededSets()) {
    for (const c of [1, 2, 3]) assert.deepEqual(ours(xy, c), naive(xy, c), `${name}, concavity ${c}`);
  }
});

test('the same ring as concaveman itself, except where its pruned search skips a candidate', () => {
  // On the uniform clouds concaveman's search finds the same candidates but in one case (cloud 200,
  // concavity 2). On the lattice, equally near candidates come out of its heap in no defined order
  // (ours: lowest index); on street-like sets it skips candidates more often. There the
  // two hulls differ by a few dug vertices: the areas are compared, within 10 % (one extra dent into
  // a hull of 0.2–0.5 km² removes up to ~15,000 m² here; the largest difference seen is 6 %).
  let same = 0;
  for (const { name, xy, uniform } of seededSets()) {
    for (const c of [1, 2, 3, Infinity]) {
      const o = ours(xy, c), t = theirs(xy, c);
      if (uniform && !(name === 'cloud 200' && c === 2)) { assert.deepEqual(o, t, `${name}, concavity ${c}`); same++; }
      else assert.ok(Math.abs(area(o) - area(t)) <= 0.1 * area(t), `${name}, concavity ${c}: area ${area(o)} against ${area(t)}`);
    }
    if (uniform && name !== 'cloud 200') assert.deepEqual(ours(xy, 2, 50), theirs(xy, 2, 50), `${name}, length threshold 50`);
  }
  assert.equal(same, 6 * 4 - 1);
});

test('convex hull: clockwise from the lowest-x point, collinear points dropped (hand-checked square)', () => {
  // Square 0..2 with a point mid-edge (1,0), the centre (1,1) and a duplicate corner: hull = the 4 corners, clockwise
  // (robust-predicates' orient2d is positive for clockwise turns; the chain keeps the positive ones).
  const xy = Float64Array.from([1, 1, 0, 0, 2, 0, 1, 0, 2, 2, 0, 2, 0, 0]);
  assert.deepEqual(convexHull(xy, 7).map((i) => [xy[2 * i], xy[2 * i + 1]]), [[0, 0], [0, 2], [2, 2], [2, 0]]);
  assert.deepEqual(concaveHull(new Float64Array(0), 0), []);
});
