// The two growth models progress is measured with: compound annual growth (the published SDG method,
// see progress.ts) and the straight line fitted by ordinary least squares (for projections of
// indicators whose changes add up rather than multiply: shares, counts per area, differences).

export interface TimePoint {
  /** Decimal years (period.ts). */
  readonly time: number;
  readonly value: number;
}

/** ((v1 / v0) ^ (1 / (t1 − t0))) − 1; NaN when t1 ≤ t0 or the ratio is not positive. */
export function compoundAnnualGrowth(v0: number, v1: number, t0: number, t1: number): number {
  if (!(t1 > t0)) return Number.NaN;
  const ratio = v1 / v0;
  if (!(ratio >= 0) || !Number.isFinite(ratio)) return Number.NaN;
  return ratio ** (1 / (t1 - t0)) - 1;
}

export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  readonly n: number;
}

/** Ordinary least squares of value on time; null with fewer than two distinct times. */
export function linearFit(points: readonly TimePoint[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  // Centred sums: years near 2000 squared lose digits in the textbook Σx², Σxy form.
  let mt = 0;
  let mv = 0;
  for (const p of points) {
    mt += p.time;
    mv += p.value;
  }
  mt /= n;
  mv /= n;
  let stt = 0;
  let stv = 0;
  for (const p of points) {
    stt += (p.time - mt) ** 2;
    stv += (p.time - mt) * (p.value - mv);
  }
  if (stt === 0) return null;
  const slope = stv / stt;
  return { slope, intercept: mv - slope * mt, n };
}

export function predictLinear(fit: LinearFit, time: number): number {
  return fit.intercept + fit.slope * time;
}
