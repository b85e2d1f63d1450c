// Normalisers: bring every indicator onto a common scale where higher is better. Direction −1 indicators
// are negated first (as COINr Normalise does), so targets and goalposts are negated with them.

import { DothiError } from '../errors.ts';
import type { DataTable, IndicatorMeta } from './model.ts';
import type { NormaliseStep } from './spec.ts';
import { mean, minMax, sd } from './stats.ts';

export function minmaxColumn(x: ArrayLike<number>, lo: number, hi: number, out = new Float64Array(x.length)): Float64Array {
  const [mn, mx] = minMax(x);
  for (let i = 0; i < x.length; i++) out[i] = lo + (((x[i] as number) - mn) / (mx - mn)) * (hi - lo);
  return out;
}

export function zscoreColumn(x: ArrayLike<number>, m: number, s: number, out = new Float64Array(x.length)): Float64Array {
  const mu = mean(x);
  const sigma = sd(x);
  for (let i = 0; i < x.length; i++) out[i] = m + (((x[i] as number) - mu) / sigma) * s;
  return out;
}

/** Ranks from 1 (lowest) up; ties share the smallest rank (COINr n_rank: R rank, ties.method = "min"). */
export function rankColumn(x: ArrayLike<number>, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    let below = 0;
    for (let j = 0; j < x.length; j++) if ((x[j] as number) < v) below++;
    out[i] = below + 1;
  }
  return out;
}

/** (rank − 1) / (n − 1) with "min" ties over the present values (COINr n_prank), in [0, 1]. */
export function percentileRankColumn(x: ArrayLike<number>, out = new Float64Array(x.length)): Float64Array {
  rankColumn(x, out);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i] as number)) n++;
  for (let i = 0; i < x.length; i++) out[i] = ((out[i] as number) - 1) / (n - 1);
  return out;
}

/** (x − min) / (target − min), optionally capped at 1, times scale (COINr n_dist2targ). */
export function distanceToTargetColumn(x: ArrayLike<number>, target: number, cap: boolean, scale: number, out = new Float64Array(x.length)): Float64Array {
  const [mn] = minMax(x);
  for (let i = 0; i < x.length; i++) {
    const y = ((x[i] as number) - mn) / (target - mn);
    out[i] = (cap ? Math.min(y, 1) : y) * scale;
  }
  return out;
}

/** (x − lower) / (upper − lower) clipped to [0, 1], times scale (COINr n_goalposts). */
export function goalpostsColumn(x: ArrayLike<number>, lower: number, upper: number, scale: number, out = new Float64Array(x.length)): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = Math.min(1, Math.max(0, ((x[i] as number) - lower) / (upper - lower))) * scale;
  return out;
}

export function normalise(t: DataTable, s: NormaliseStep, metaOf: (code: string) => IndicatorMeta): DataTable {
  const cols = t.cols.map((c, j) => {
    const code = t.codes[j] ?? '';
    const meta = metaOf(code);
    const d = meta.direction;
    const x = d === 1 ? c : Float64Array.from(c, (v) => -v);
    switch (s.method) {
      case 'minmax':
        return minmaxColumn(x, s.range[0], s.range[1]);
      case 'zscore':
        return zscoreColumn(x, s.mean, s.sd);
      case 'rank':
        return rankColumn(x);
      case 'percentile_rank':
        return percentileRankColumn(x);
      case 'distance_to_target': {
        if (meta.target === null) throw new DothiError('DOTHI_INDEX_DATA_INVALID', { file: 'iMeta', row: 0, column: 'Target', detail: `indicator "${code}" has no Target` });
        return distanceToTargetColumn(x, d * meta.target, s.cap, s.scale);
      }
      case 'goalposts': {
        const g = s.goalposts[code];
        if (!g) throw new DothiError('DOTHI_INDEX_SPEC_INVALID', { path: `$.steps[].goalposts.${code}`, detail: 'every indicator needs [lower, upper]' });
        return d === 1 ? goalpostsColumn(x, g[0], g[1], s.scale) : goalpostsColumn(x, -g[1], -g[0], s.scale);
      }
    }
    return x;
  });
  return { ...t, cols };
}
