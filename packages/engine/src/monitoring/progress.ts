// Progress of one indicator in one unit toward its target, by the method Statistics Canada built for
// the SDGs (after Eurostat) and Open SDG publishes: "Progress Measurement Methodology for the SDGs",
// https://open-sdg.readthedocs.io/en/latest/progress-methodology/ , implemented in open-sdg/sdg-build
// (sdg/ProgressMeasure.py). In short, with d the desired direction (+1 up, −1 down) and s the sign
// of the base value:
//   CAGR_o = (y_latest / y_base)^(1/(t_latest − t_base)) − 1          observed growth
//   CAGR_r = (y_target / y_base)^(1/(t_target − t_base)) − 1          growth required to meet the target
//   with a target:    R = s·d·CAGR_o / |CAGR_r|;  achieved when latest is at or beyond the target,
//                     else R ≥ 0.95 on track, 0.60 ≤ R < 0.95 acceleration needed,
//                     0 ≤ R < 0.60 limited progress, R < 0 deterioration;
//   without a target: P = s·d·CAGR_o against 1.5 %, 0.5 % and 0 per year, the positive thresholds
//                     scaled by C = 1 − (y_base/limit)^4.44 near a natural limit (100 % and the like).
// Zero base or target values become 0.001 (as published); base and latest of opposite signs, fewer
// than two observations or less than a year between them cannot be assessed.
// Our statuses name those categories: achieved, on_track, needs_acceleration, off_track (limited
// progress), regressing (deterioration), insufficient_data (unable to assess).
//
// The status always comes from that compound-growth method. Projections to the target year are
// reported both ways; which is primary depends on the indicator's scale: 'ratio' (values that grow by
// multiplication — population, emissions, GDP, counts) projects at the observed compound rate,
// 'interval' (the default: shares in %, densities, differences) by the least-squares line through
// every observation since the baseline.

import { compoundAnnualGrowth, linearFit, predictLinear } from './trend.ts';
import type { TimePoint } from './trend.ts';

export const PROGRESS_STATUSES = ['achieved', 'on_track', 'needs_acceleration', 'off_track', 'regressing', 'insufficient_data'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

export interface Thresholds {
  readonly high: number;
  readonly med: number;
  readonly low: number;
}

/** The published defaults (sdg-build get_progress_thresholds). */
export const TARGET_THRESHOLDS: Thresholds = { high: 0.95, med: 0.6, low: 0 };
export const TREND_THRESHOLDS: Thresholds = { high: 0.015, med: 0.005, low: 0 };

/** Stand-in for a zero base or target value, as published: the model is exponential. */
export const ZERO_REPLACEMENT = 0.001;

export interface ObservedPoint extends TimePoint {
  /** The period as written ('2024', '2024-Q1'), carried through for display. */
  readonly period?: string;
}

export interface ProgressTarget {
  /** Target year, placed at time `year` like the whole years of the published method. */
  readonly year: number;
  readonly value: number;
}

export interface ProgressOptions {
  readonly direction: 1 | -1;
  readonly target?: ProgressTarget | null;
  /** The first observation at or after this year is the base; the first observation when absent. */
  readonly baselineYear?: number;
  readonly scale?: 'ratio' | 'interval';
  /** Natural limit in the desired direction (100 for a share in %); used only without a target. */
  readonly limit?: number;
  readonly thresholds?: Partial<Thresholds>;
}

export interface Projection {
  readonly year: number;
  readonly linear: number | null;
  readonly compound: number | null;
  readonly primary: 'linear' | 'compound';
  readonly value: number | null;
  /** Whether the primary projection reaches the target (null without a target or projection). */
  readonly meetsTarget: boolean | null;
}

export interface ProgressResult {
  readonly status: ProgressStatus;
  readonly method: 'target' | 'trend' | 'none';
  readonly reason: string | null;
  readonly direction: 1 | -1;
  readonly baseline: ObservedPoint | null;
  readonly latest: ObservedPoint | null;
  readonly target: ProgressTarget | null;
  /** CAGR_o, per year. */
  readonly observedRate: number | null;
  /** CAGR_r, per year, from the baseline to the target. */
  readonly requiredRate: number | null;
  /** R with a target, s·d·CAGR_o without; compared against `thresholds`. */
  readonly progressValue: number | null;
  readonly thresholds: Thresholds;
  /** Least-squares slope per year over the observations since the baseline. */
  readonly observedSlope: number | null;
  /** (target − latest) / (target year − latest time): the straight-line change still needed per year. */
  readonly requiredSlope: number | null;
  readonly projection: Projection | null;
}

function classify(value: number, t: Thresholds): ProgressStatus {
  if (value >= t.high) return 'on_track';
  if (value >= t.med) return 'needs_acceleration';
  if (value >= t.low) return 'off_track';
  return 'regressing';
}

/** sdg-build's reduction coefficient C (exponent 4.44), symmetric about the limit. */
export function limitCoefficient(base: number, limit: number): number {
  const b = Math.abs(base);
  const l = Math.abs(limit);
  if (b >= 2 * l) return 1;
  if (b <= l) return 1 - (b / l) ** 4.44;
  return 1 - ((2 * l - b) / l) ** 4.44;
}

const achieved = (latest: number, target: number, d: 1 | -1): boolean => (d === 1 ? latest >= target : latest <= target);

export function assessProgress(series: readonly ObservedPoint[], opts: ProgressOptions): ProgressResult {
  const d = opts.direction;
  const target = opts.target ?? null;
  const points = series.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.time)).slice().sort((a, b) => a.time - b.time);
  const base = opts.baselineYear === undefined ? points[0] : points.find((p) => p.time >= opts.baselineYear!);
  const since = base ? points.filter((p) => p.time >= base.time) : [];
  const latest = since.length > 0 ? since[since.length - 1]! : null;
  const thresholds: Thresholds = { ...(target ? TARGET_THRESHOLDS : TREND_THRESHOLDS), ...opts.thresholds };
  const fit = linearFit(since);
  const empty = (reason: string, method: ProgressResult['method'] = 'none'): ProgressResult => ({
    status: 'insufficient_data', method, reason, direction: d, baseline: base ?? null, latest, target,
    observedRate: null, requiredRate: null, progressValue: null, thresholds,
    observedSlope: fit?.slope ?? null, requiredSlope: null, projection: null,
  });
  if (!base || !latest || since.length < 2) return empty('fewer than two observations since the baseline');
  if (latest.time - base.time < 1) return empty('less than one year between the baseline and the latest observation');

  const y0 = base.value === 0 ? ZERO_REPLACEMENT : base.value;
  const y1 = latest.value;
  if ((y0 > 0 && y1 < 0) || (y0 < 0 && y1 > 0)) return empty('baseline and latest values have opposite signs; the growth model needs one sign');
  const s = y0 < 0 ? -1 : 1;
  const cagrO = compoundAnnualGrowth(y0, y1, base.time, latest.time);

  const projection = (year: number): Projection => {
    const linear = fit ? predictLinear(fit, year) : null;
    const compound = Number.isFinite(cagrO) ? y1 * (1 + cagrO) ** (year - latest.time) : null;
    const primary = opts.scale === 'ratio' && compound !== null ? 'compound' : 'linear';
    const value = primary === 'compound' ? compound : linear;
    return { year, linear, compound, primary, value, meetsTarget: target && value !== null ? achieved(value, target.value, d) : null };
  };

  if (!target) {
    let t = thresholds;
    if (opts.limit !== undefined) {
      const c = limitCoefficient(y0, opts.limit);
      t = { high: t.high > 0 ? t.high * c : t.high, med: t.med > 0 ? t.med * c : t.med, low: t.low > 0 ? t.low * c : t.low };
    }
    const p = s * d * cagrO;
    return {
      status: classify(p, t), method: 'trend', reason: null, direction: d, baseline: base, latest, target: null,
      observedRate: cagrO, requiredRate: null, progressValue: p, thresholds: t,
      observedSlope: fit?.slope ?? null, requiredSlope: null, projection: null,
    };
  }

  const requiredSlope = target.year > latest.time ? (target.value - y1) / (target.year - latest.time) : null;
  if (achieved(y1, target.value, d)) {
    return {
      status: 'achieved', method: 'target', reason: null, direction: d, baseline: base, latest, target,
      observedRate: cagrO, requiredRate: null, progressValue: null, thresholds,
      observedSlope: fit?.slope ?? null, requiredSlope, projection: projection(target.year),
    };
  }
  if (target.year <= base.time) return empty('the target year is not after the baseline', 'target');
  const yT = target.value === 0 ? ZERO_REPLACEMENT : target.value;
  const cagrR = compoundAnnualGrowth(y0, yT, base.time, target.year);
  if (!Number.isFinite(cagrR) || cagrR === 0) return empty('the target cannot be reached by growth from the baseline (sign or equal value)', 'target');
  const r = (s * d * cagrO) / Math.abs(cagrR);
  return {
    status: classify(r, thresholds), method: 'target', reason: null, direction: d, baseline: base, latest, target,
    observedRate: cagrO, requiredRate: cagrR, progressValue: r, thresholds,
    observedSlope: fit?.slope ?? null, requiredSlope, projection: projection(target.year),
  };
}
