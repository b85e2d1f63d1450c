// Splitting row or node ranges for parallel work. Every engine operation that takes `start/end` gives
// results over disjoint ranges that merge exactly into the whole, so the split only decides balance.

/** A half-open row range [start, end). */
export interface RowRange {
  start: number;
  end: number;
}

/** `n` rows cut into at most `parts` contiguous, non-empty ranges of near-equal size, in order. */
export function splitRange(n: number, parts: number): RowRange[] {
  const k = Math.max(1, Math.min(Math.floor(parts), n));
  const out: RowRange[] = [];
  if (n <= 0) return out;
  for (let i = 0; i < k; i++) {
    // Integer arithmetic so the same (n, parts) always gives the same cut points.
    const start = Math.floor((i * n) / k);
    const end = Math.floor(((i + 1) * n) / k);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Concatenates per-range typed results (in range order) into one array of the given total length. */
export function concatRanges<T extends Float64Array | Int32Array | Uint32Array>(parts: T[], make: (n: number) => T): T {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = make(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
