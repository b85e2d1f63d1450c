// Weights for the indicators of each pillar. `given` takes iMeta's Weight column, `equal` gives each child the
// same weight; entropy, CRITIC and PCA derive weights from the normalised data of the indicators that share a
// parent (weights of aggregates keep iMeta's values). Derived weights sum to 1 within each pillar.

import { DothiError } from '../errors.ts';
import type { DataTable, IndexFramework } from './model.ts';
import type { WeightMethod } from './spec.ts';
import { correlation, present, sd } from './stats.ts';

/** Shannon-entropy weights: p = x/Σx, e = −Σ p ln p / ln n, w ∝ 1 − e. Needs non-negative values. */
export function entropyWeights(cols: ArrayLike<number>[]): Float64Array {
  const d = cols.map((c, j) => {
    const v = present(c);
    if (v.some((x) => x < 0)) throw new DothiError('DOTHI_INDEX_METHOD_INVALID', { method: 'entropy', detail: `column ${j + 1} has negative values; normalise with minmax, rank or goalposts first` });
    const total = v.reduce((a, b) => a + b, 0);
    if (v.length < 2 || total === 0) return 0;
    let e = 0;
    for (const x of v) if (x > 0) e -= (x / total) * Math.log(x / total);
    return 1 - e / Math.log(v.length);
  });
  return scaleToOne(d);
}

/** CRITIC (Diakoulaki et al. 1995): C_j = σ_j Σ_k (1 − r_jk), w ∝ C. */
export function criticWeights(cols: ArrayLike<number>[]): Float64Array {
  const c = cols.map((a, j) => {
    let s = 0;
    cols.forEach((b, k) => {
      if (k !== j) s += 1 - correlation(a, b);
    });
    return sd(a) * s;
  });
  return scaleToOne(c);
}

/** Eigenvalues and eigenvectors (columns of v) of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a0: number[][]): { values: number[]; vectors: number[][] } {
  const n = a0.length;
  const a = a0.map((r) => [...r]);
  const v = a0.map((_, i) => a0.map((__, j) => (i === j ? 1 : 0)));
  const at = (m: number[][], i: number, j: number): number => m[i]?.[j] ?? 0;
  const set = (m: number[][], i: number, j: number, x: number): void => {
    const r = m[i];
    if (r) r[j] = x;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += at(a, i, j) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(a, p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(a, k, p);
          const akq = at(a, k, q);
          set(a, k, p, c * akp - s * akq);
          set(a, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(a, p, k);
          const aqk = at(a, q, k);
          set(a, p, k, c * apk - s * aqk);
          set(a, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = at(v, k, p);
          const vkq = at(v, k, q);
          set(v, k, p, c * vkp - s * vkq);
          set(v, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  return { values: a.map((_, i) => at(a, i, i)), vectors: v };
}

/** PCA weights: squared loadings of the first principal component of the correlation matrix (they sum to 1). */
export function pcaWeights(cols: ArrayLike<number>[]): Float64Array {
  const r = cols.map((a, i) => cols.map((b, j) => (i === j ? 1 : correlation(a, b))));
  if (r.some((row) => row.some((x) => Number.isNaN(x)))) throw new DothiError('DOTHI_INDEX_METHOD_INVALID', { method: 'pca', detail: 'a correlation is undefined (constant column or too few values)' });
  const { values, vectors } = symmetricEigen(r);
  let best = 0;
  values.forEach((x, i) => {
    if (x > (values[best] ?? -Infinity)) best = i;
  });
  return Float64Array.from(cols, (_, i) => (vectors[i]?.[best] ?? 0) ** 2);
}

function scaleToOne(x: number[]): Float64Array {
  const s = x.reduce((a, b) => a + b, 0);
  return Float64Array.from(x, (v) => (s > 0 ? v / s : 1 / x.length));
}

export interface Weights {
  /** One per framework indicator, in framework order. */
  indicators: Float64Array;
  /** One per framework aggregate, in framework order. */
  aggregates: Float64Array;
}

export function givenWeights(fw: IndexFramework): Weights {
  return { indicators: Float64Array.from(fw.indicators, (i) => i.weight), aggregates: Float64Array.from(fw.aggregates, (a) => a.weight) };
}

/** Weights by method; `normalised` holds the indicator columns (codes in framework order, after screening). */
export function computeWeights(method: WeightMethod, fw: IndexFramework, normalised: DataTable): Weights {
  const w = givenWeights(fw);
  if (method === 'given') return w;
  if (method === 'equal') return { indicators: w.indicators.map(() => 1), aggregates: w.aggregates.map(() => 1) };
  const pillars = fw.aggregates.filter((a) => a.level === 2);
  for (const p of pillars) {
    const members = fw.indicators.map((ind, j) => (ind.parent === p.code ? j : -1)).filter((j) => j >= 0);
    const cols = members.map((j) => normalised.cols[normalised.codes.indexOf(fw.indicators[j]?.code ?? '')] ?? new Float64Array());
    const pw = members.length === 1 ? Float64Array.of(1) : method === 'entropy' ? entropyWeights(cols) : method === 'critic' ? criticWeights(cols) : pcaWeights(cols);
    members.forEach((j, k) => {
      w.indicators[j] = pw[k] ?? 0;
    });
  }
  return w;
}
