// Outlier treatment as COINr's Treat with its defaults: check |skewness| < skewThreshold or kurtosis <
// kurtThreshold; if the indicator fails, winsorise one extreme at a time (all points equal to the maximum
// become the largest value below it when skewness ≥ 0, otherwise the same at the minimum) until it passes or
// the points sharing the capped value reach winMax; if it still fails, use ln(x − min + 0.01·(max − min)) on
// the original values instead.

import { jsonNumber } from './log.ts';
import type { LogEntry } from './log.ts';
import type { DataTable } from './model.ts';
import type { TreatStep } from './spec.ts';
import { kurtosis, minMax, skewness } from './stats.ts';

/** COINr check_SkewKurt. A column too short or flat to measure (NaN statistics) passes as it is. */
export function passesSkewKurt(x: ArrayLike<number>, skewThreshold: number, kurtThreshold: number): boolean {
  const sk = skewness(x);
  const kt = kurtosis(x);
  if (Number.isNaN(sk) || Number.isNaN(kt)) return true;
  return Math.abs(sk) < skewThreshold || kt < kurtThreshold;
}

export interface WinsoriseResult {
  x: Float64Array;
  passed: boolean;
  /** Rows last capped at the top and at the bottom (COINr's imax/imin), and their count (COINr nwin). */
  high: number[];
  low: number[];
  nwin: number;
}

export function winsorise(x0: ArrayLike<number>, winMax: number, skewThreshold: number, kurtThreshold: number): WinsoriseResult {
  const x = Float64Array.from(x0 as ArrayLike<number>);
  let passing = passesSkewKurt(x, skewThreshold, kurtThreshold);
  let high: number[] = [];
  let low: number[] = [];
  let nwin = 0;
  while (!passing && nwin < winMax) {
    const [lo, hi] = minMax(x);
    const top = skewness(x) >= 0;
    const target = top ? hi : lo;
    const hit: number[] = [];
    let next = top ? -Infinity : Infinity;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (Number.isNaN(v)) continue;
      if (v === target) hit.push(i);
      else next = top ? Math.max(next, v) : Math.min(next, v);
    }
    if (!Number.isFinite(next)) break;
    for (const i of hit) x[i] = next;
    if (top) high = hit;
    else low = hit;
    nwin = high.length + low.length;
    passing = passesSkewKurt(x, skewThreshold, kurtThreshold);
  }
  return { x, passed: passing, high, low, nwin };
}

/** COINr log_CT: ln(x − min + 0.01·(max − min)). */
export function logTransform(x: ArrayLike<number>): Float64Array {
  const [lo, hi] = minMax(x);
  return Float64Array.from(x as ArrayLike<number>, (v) => Math.log(v - lo + 0.01 * (hi - lo)));
}

export function treat(t: DataTable, s: TreatStep, log: LogEntry[]): DataTable {
  if (s.method === 'none') return t;
  const cols = t.cols.map((c, j) => {
    const ind = t.codes[j] ?? '';
    if (passesSkewKurt(c, s.skewThreshold, s.kurtThreshold)) return c;
    const w = winsorise(c, s.winMax, s.skewThreshold, s.kurtThreshold);
    if (w.passed || s.fallback === 'none') {
      for (const i of [...w.high, ...w.low]) {
        log.push({ step: 'treat', action: 'winsorised', unit: t.units[i], indicator: ind, from: jsonNumber(c[i] as number), to: jsonNumber(w.x[i] as number), detail: w.high.includes(i) ? 'high' : 'low' });
      }
      if (!w.passed) log.push({ step: 'treat', action: 'treatment_failed', indicator: ind, detail: `still fails after ${w.nwin} points` });
      return w.x;
    }
    const y = logTransform(c);
    log.push({ step: 'treat', action: 'log_transformed', indicator: ind, detail: `winsorising ${w.nwin} points did not pass; ln(x − min + 0.01·(max − min))` });
    if (!passesSkewKurt(y, s.skewThreshold, s.kurtThreshold)) log.push({ step: 'treat', action: 'treatment_failed', indicator: ind, detail: 'still fails after the log transform' });
    return y;
  });
  return { ...t, cols };
}
