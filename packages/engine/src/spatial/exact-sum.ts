// Exact per-cell sums (zone, or zone × class). Floating-point addition is not associative, so a sum
// split over worker ranges and added back would differ in the last bits from the single-threaded sum.
// Each cell keeps its running total as non-overlapping partials (Shewchuk's grow-expansion, as in
// Python's math.fsum), which represent the exact sum; the final value is that exact sum correctly
// rounded, hence the same whatever the order or split of the additions.

/** Exact sums for `cells` cells, `k` partial slots each (grown when a cell needs more). Structured-clone friendly. */
export interface ExactSums {
  cells: number;
  k: number;
  used: Uint8Array;
  parts: Float64Array;
}

export function exactSums(cells: number, k = 4): ExactSums {
  return { cells, k, used: new Uint8Array(cells), parts: new Float64Array(cells * k) };
}

function grow(s: ExactSums): void {
  const k2 = s.k * 2;
  if (k2 > 255) throw new RangeError('exact sum needs more than 255 partials');
  const parts = new Float64Array(s.cells * k2);
  for (let c = 0; c < s.cells; c++) parts.set(s.parts.subarray(c * s.k, c * s.k + (s.used[c] as number)), c * k2);
  s.parts = parts;
  s.k = k2;
}

/** Adds `v` to cell `c` exactly (non-finite values poison the cell to NaN/±Infinity like plain addition). */
export function addExact(s: ExactSums, c: number, v: number): void {
  if (v === 0) return;
  if (!Number.isFinite(v)) {
    // Partials cannot hold a non-finite value exactly; keep it in slot 0 alone so it dominates the result.
    const p = s.parts, b = c * s.k;
    p[b] = (s.used[c] === 1 && !Number.isFinite(p[b] as number) ? (p[b] as number) : 0) + v;
    s.used[c] = 1;
    return;
  }
  let p = s.parts;
  let b = c * s.k;
  const n = s.used[c] as number;
  if (n === 1 && !Number.isFinite(p[b] as number)) { p[b] = (p[b] as number) + v; return; }
  let x = v;
  let i = 0;
  for (let j = 0; j < n; j++) {
    let y = p[b + j] as number;
    let a = x;
    if (Math.abs(a) < Math.abs(y)) { const t = a; a = y; y = t; }
    const hi = a + y;
    const lo = y - (hi - a);
    if (lo !== 0) p[b + i++] = lo;
    x = hi;
  }
  if (x !== 0) {
    if (i >= s.k) { grow(s); p = s.parts; b = c * s.k; }
    p[b + i++] = x;
  }
  s.used[c] = i;
}

/** Adds every partial of `from` into `into` (same cell count). */
export function mergeExact(into: ExactSums, from: ExactSums): void {
  if (into.cells !== from.cells) throw new RangeError('exact sums of different sizes');
  for (let c = 0; c < from.cells; c++) {
    const n = from.used[c] as number;
    for (let j = 0; j < n; j++) addExact(into, c, from.parts[c * from.k + j] as number);
  }
}

export function cloneExact(s: ExactSums): ExactSums {
  return { cells: s.cells, k: s.k, used: s.used.slice(), parts: s.parts.slice() };
}

/** The correctly rounded value of one cell (math.fsum's final step, with its half-way correction). */
export function roundExact(s: ExactSums, c: number): number {
  const b = c * s.k;
  let n = s.used[c] as number;
  if (n === 0) return 0;
  const p = s.parts;
  let hi = p[b + --n] as number;
  if (!Number.isFinite(hi)) return hi;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[b + --n] as number;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && (p[b + n - 1] as number) < 0) || (lo > 0 && (p[b + n - 1] as number) > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

export function roundAll(s: ExactSums): Float64Array {
  const out = new Float64Array(s.cells);
  for (let c = 0; c < s.cells; c++) out[c] = roundExact(s, c);
  return out;
}
