// Descriptive statistics over the present (non-NaN) values of a column. Skewness and kurtosis are the
// bias-adjusted sample statistics of spreadsheet SKEW and KURT (e1071 type 2), which COINr's Treat uses.

/** The finite values of a column, in order. */
export function present(x: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/** Sample standard deviation (n − 1), as R's sd and spreadsheet STDEV.S. */
export function sd(x: ArrayLike<number>): number {
  const m = mean(x);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isNaN(v)) {
      ss += (v - m) * (v - m);
      n++;
    }
  }
  return n < 2 ? NaN : Math.sqrt(ss / (n - 1));
}

export function median(x: ArrayLike<number>): number {
  const v = present(x).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? (v[h] as number) : ((v[h - 1] as number) + (v[h] as number)) / 2;
}

export function minMax(x: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? [NaN, NaN] : [lo, hi];
}

/** Spreadsheet SKEW: n/((n−1)(n−2)) Σ((x−m)/s)³. NaN with fewer than 3 values or no spread. */
export function skewness(x: ArrayLike<number>): number {
  const v = present(x);
  const n = v.length;
  if (n < 3) return NaN;
  const m = v.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const xi of v) {
    const d = xi - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  if (m2 === 0) return NaN;
  return ((Math.sqrt(n) * m3) / Math.pow(m2, 1.5)) * (Math.sqrt(n * (n - 1)) / (n - 2));
}

/** Spreadsheet KURT (excess kurtosis, bias-adjusted). NaN with fewer than 4 values or no spread. */
export function kurtosis(x: ArrayLike<number>): number {
  const v = present(x);
  const n = v.length;
  if (n < 4) return NaN;
  const m = v.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const xi of v) {
    const d2 = (xi - m) * (xi - m);
    m2 += d2;
    m4 += d2 * d2;
  }
  if (m2 === 0) return NaN;
  const r = (n * m4) / (m2 * m2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Pearson correlation over rows where both are present. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sa += x;
    sb += y;
    n++;
  }
  if (n < 2) return NaN;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) * (x - ma);
    sbb += (y - mb) * (y - mb);
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Quantile by linear interpolation between order statistics (R type 7, spreadsheet PERCENTILE.INC). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Ranks with 1 = highest; ties share the smallest rank (R rank(-x, ties.method = "min"), as COINr); NaN stays NaN. */
export function ranksDescending(x: ArrayLike<number>, out: Float64Array = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    let r = 1;
    for (let j = 0; j < x.length; j++) if ((x[j] as number) > v) r++;
    out[i] = r;
  }
  return out;
}
