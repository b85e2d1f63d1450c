// Monte Carlo uncertainty and variance-based sensitivity of the ranks. The data steps (denominate, impute,
// screen, treat) run once; each normalisation alternative is computed once; a replication only draws weights,
// picks a normalisation and an aggregation, re-aggregates over typed arrays and ranks the target.
//
// Factors (each a group of uniform inputs): "weights" (every weight × (1 + (2u − 1)·noise)), "normalisation"
// and "aggregation" (an alternative picked uniformly). First-order indices use Saltelli et al. (2010) and total
// indices Jansen (1999), on each unit's rank, then averaged over units whose rank varies.

import { DothiError } from '../errors.ts';
import { aggregateTree, compileTree, methodCodes } from './aggregate.ts';
import { metaLookup, normaliseFor, prepare } from './build.ts';
import { normalise } from './normalise.ts';
import { mulberry32 } from './prng.ts';
import type { Rng } from './prng.ts';
import { validateSpec } from './spec.ts';
import type { AggregateStep, NormaliseStep, WeightStep } from './spec.ts';
import type { IndexInput } from './model.ts';
import { quantileSorted, ranksDescending } from './stats.ts';
import { computeWeights } from './weights.ts';

export interface UncertaintyOptions {
  replications: number;
  seed: number;
  /** Also estimate sensitivity indices (costs replications × (factors + 1) more evaluations). Default true. */
  sensitivity?: boolean;
  /** Aggregate whose rank is studied; default the first top-level aggregate (the index). */
  target?: string;
}

export interface UnitUncertainty {
  code: string;
  nominalRank: number;
  medianRank: number;
  /** 5th and 95th percentiles of the rank over replications (R quantile type 7). */
  p05: number;
  p95: number;
}

export interface Sensitivity {
  factor: 'weights' | 'normalisation' | 'aggregation';
  first: number;
  total: number;
}

export interface UncertaintyResult {
  replications: number;
  seed: number;
  target: string;
  weightNoise: number;
  units: UnitUncertainty[];
  sensitivity: Sensitivity[];
}

interface Factor {
  name: Sensitivity['factor'];
  from: number;
  to: number;
}

export function runUncertainty(input: IndexInput, specJson: unknown, opts: UncertaintyOptions): UncertaintyResult {
  const spec = validateSpec(specJson);
  const fw = input.framework;
  const p = prepare(input, spec);
  const n = p.unitRows.length;
  const ns = spec.steps.find((s): s is NormaliseStep => s.step === 'normalise');
  const wm = spec.steps.find((s): s is WeightStep => s.step === 'weight')?.method ?? 'given';
  const as = spec.steps.find((s): s is AggregateStep => s.step === 'aggregate') as AggregateStep;
  const u = spec.uncertainty;
  const noise = u ? u.weightNoise : 0.25;
  const lookup = metaLookup(input);
  const norms = u && u.normalisations.length > 0 ? u.normalisations.map((s) => normalise(p.table, s, lookup)) : [normaliseFor(p, ns)];
  const baseWeights = norms.map((t) => {
    const w = computeWeights(wm, fw, t);
    return Float64Array.from([...w.indicators, ...w.aggregates]);
  });
  const aggMethods = u && u.aggregations.length > 0 ? u.aggregations.map((m) => methodCodes(fw, m, {})) : [methodCodes(fw, as.method, as.byLevel)];
  const tree = compileTree(fw);
  const target = opts.target ?? fw.aggregates.find((a) => a.level === fw.topLevel)?.code ?? '';
  const tk = fw.aggregates.findIndex((a) => a.code === target);
  if (tk < 0) throw new DothiError('DOTHI_INDEX_SPEC_INVALID', { path: 'target', detail: `"${target}" is not an aggregate of iMeta` });
  if (!Number.isInteger(opts.replications) || opts.replications < 1) throw new DothiError('DOTHI_USAGE', { detail: 'replications must be a whole number ≥ 1' });
  const nSlots = tree.nInd + tree.nAgg;
  const D = nSlots + 2;
  const factors: Factor[] = [];
  if (noise > 0) factors.push({ name: 'weights', from: 0, to: nSlots });
  if (norms.length > 1) factors.push({ name: 'normalisation', from: nSlots, to: nSlots + 1 });
  if (aggMethods.length > 1) factors.push({ name: 'aggregation', from: nSlots + 1, to: nSlots + 2 });

  const w = new Float64Array(nSlots);
  const aggOut = new Float64Array(tree.nAgg * n);
  const pick = (x: number, k: number): number => Math.min(k - 1, Math.floor(x * k));
  const evaluate = (row: Float64Array, ranksOut: Float64Array): void => {
    const ni = pick(row[nSlots] as number, norms.length);
    const base = baseWeights[ni] as Float64Array;
    for (let s = 0; s < nSlots; s++) w[s] = (base[s] as number) * (1 + (2 * (row[s] as number) - 1) * noise);
    aggregateTree(tree, (norms[ni] as (typeof norms)[number]).cols, w, aggMethods[pick(row[nSlots + 1] as number, aggMethods.length)] as Uint8Array, n, aggOut);
    ranksDescending(aggOut.subarray(tk * n, (tk + 1) * n), ranksOut);
  };

  const N = opts.replications;
  const rng: Rng = mulberry32(opts.seed);
  const sample = (): Float64Array => {
    const m = new Float64Array(N * D);
    for (let i = 0; i < m.length; i++) m[i] = rng();
    return m;
  };
  const run = (m: Float64Array): Float64Array => {
    const y = new Float64Array(N * n);
    for (let r = 0; r < N; r++) evaluate(m.subarray(r * D, (r + 1) * D), y.subarray(r * n, (r + 1) * n));
    return y;
  };
  const A = sample();
  const yA = run(A);

  const nominal = new Float64Array(n);
  evaluate(new Float64Array(D).fill(0.5), nominal);
  if (norms.length > 1 || aggMethods.length > 1) {
    // 0.5 picks the middle alternative; the nominal rank must come from the spec's own choices.
    const nomNorm = normaliseFor(p, ns);
    const nw = computeWeights(wm, fw, nomNorm);
    aggregateTree(tree, nomNorm.cols, Float64Array.from([...nw.indicators, ...nw.aggregates]), methodCodes(fw, as.method, as.byLevel), n, aggOut);
    ranksDescending(aggOut.subarray(tk * n, (tk + 1) * n), nominal);
  }
  const col = new Float64Array(N);
  const units: UnitUncertainty[] = p.table.units.map((code, i) => {
    for (let r = 0; r < N; r++) col[r] = yA[r * n + i] as number;
    col.sort();
    return { code, nominalRank: nominal[i] as number, medianRank: quantileSorted(col, 0.5), p05: quantileSorted(col, 0.05), p95: quantileSorted(col, 0.95) };
  });

  const sensitivity: Sensitivity[] = [];
  if (opts.sensitivity !== false && factors.length > 0) {
    const B = sample();
    const yB = run(B);
    for (const f of factors) {
      const AB = Float64Array.from(A);
      for (let r = 0; r < N; r++) for (let c = f.from; c < f.to; c++) AB[r * D + c] = B[r * D + c] as number;
      const yAB = run(AB);
      let sumS = 0;
      let sumT = 0;
      let units = 0;
      for (let i = 0; i < n; i++) {
        let m = 0;
        for (let r = 0; r < N; r++) m += (yA[r * n + i] as number) + (yB[r * n + i] as number);
        m /= 2 * N;
        let v = 0;
        let s1 = 0;
        let st = 0;
        for (let r = 0; r < N; r++) {
          const a = yA[r * n + i] as number;
          const b = yB[r * n + i] as number;
          const ab = yAB[r * n + i] as number;
          v += (a - m) ** 2 + (b - m) ** 2;
          s1 += b * (ab - a);
          st += (a - ab) ** 2;
        }
        v /= 2 * N - 1;
        if (v === 0) continue;
        sumS += s1 / N / v;
        sumT += st / (2 * N) / v;
        units++;
      }
      sensitivity.push({ factor: f.name, first: units ? sumS / units : 0, total: units ? sumT / units : 0 });
    }
  }
  return { replications: N, seed: opts.seed, target, weightNoise: noise, units, sensitivity };
}
