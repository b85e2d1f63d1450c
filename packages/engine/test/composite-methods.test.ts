// Hand-checked small cases for each composite-index method. Every expected number is worked out in the comment
// beside it (formulas as cited); tolerances are 1e-9 for closed forms and 1e-6 where the comment rounds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateTree, compileTree } from '../src/composite/aggregate.ts';
import { buildIndex } from '../src/composite/build.ts';
import { readCoinr } from '../src/composite/coinr-input.ts';
import { distanceToTargetColumn, goalpostsColumn, minmaxColumn, percentileRankColumn, rankColumn, zscoreColumn } from '../src/composite/normalise.ts';
import { kurtosis, ranksDescending, skewness } from '../src/composite/stats.ts';
import { logTransform, winsorise } from '../src/composite/treat.ts';
import { criticWeights, entropyWeights, pcaWeights } from '../src/composite/weights.ts';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-9, what = ''): void => {
  assert.equal(a.length, b.length, what);
  b.forEach((v, i) => assert.ok(Math.abs((a[i] as number) - v) <= tol || (Number.isNaN(v) && Number.isNaN(a[i] as number)), `${what}[${i}]: ${a[i]} vs ${v}`));
};

test('SKEW and KURT on [1, 2, 3, 10], worked as the spreadsheet formulas', () => {
  // mean 4; deviations −3, −2, −1, 6; Σd² = 50, s² = 50/3; Σd³ = 180; Σd⁴ = 1394.
  // SKEW = n/((n−1)(n−2)) · Σd³/s³ = 4/6 · 180/(50/3)^1.5 = 1.7636326...
  // KURT = n(n+1)/((n−1)(n−2)(n−3)) · Σd⁴/s⁴ − 3(n−1)²/((n−2)(n−3)) = 20/6 · 1394/(50/3)² − 27/2 = 3.228
  assert.ok(Math.abs(skewness([1, 2, 3, 10]) - 1.7636326148) < 1e-9);
  assert.ok(Math.abs(kurtosis([1, 2, 3, 10]) - 3.228) < 1e-9);
  assert.ok(Number.isNaN(skewness([1, 2])) && Number.isNaN(kurtosis([1, 2, 3])), 'too few values');
  assert.ok(Math.abs(skewness([1, NaN, 2, 3, 10]) - 1.7636326148) < 1e-9, 'missing values are skipped');
});

test('winsorise caps every point sharing the extreme and counts them; log fallback is ln(x − min + 0.01·(max − min))', () => {
  // 1..20 and two 100s: SKEW 2.817, KURT 7.134 fail. One pass caps both 100s at 20 (the largest value below
  // them) and counts 2; then SKEW is −0.094 and it passes.
  const x = [...Array.from({ length: 20 }, (_, i) => i + 1), 100, 100];
  const w = winsorise(x, 5, 2, 3.5);
  assert.equal(w.nwin, 2);
  assert.deepEqual(w.high, [20, 21]);
  assert.equal(w.x[20], 20);
  assert.ok(w.passed);
  assert.ok(Math.abs(skewness(w.x) - -0.0944957320) < 1e-9);
  // winMax 0: nothing may be capped.
  assert.equal(winsorise([1, 2, 3, 100], 0, 2, 3.5).nwin, 0);
  // [0, 10, 100]: min 0, max 100, shift 1 → ln 1, ln 11, ln 101.
  close(logTransform([0, 10, 100]), [0, Math.log(11), Math.log(101)]);
});

test('normalisers on [2, 4, 6, 10]', () => {
  // minmax: (x − 2)/8 · 100.
  close(minmaxColumn([2, 4, 6, 10], 0, 100), [0, 25, 50, 100]);
  // zscore: mean 5.5, sd √(35/3) = 3.4156502.
  close(zscoreColumn([2, 4, 6, 10], 0, 1), [-1.0246950766, -0.4391550328, 0.1463850109, 1.3174650985], 1e-9);
  close(zscoreColumn([2, 4, 6, 10], 10, 2), [7.9506098468, 9.1216899344, 10.2927700219, 12.6349301970], 1e-9);
  // rank with "min" ties (COINr n_rank): 5,5,1,7 → 2,2,1,4; percentile rank (r − 1)/(n − 1) → 1/3,1/3,0,1.
  close(rankColumn([5, 5, 1, 7]), [2, 2, 1, 4]);
  close(percentileRankColumn([5, 5, 1, 7]), [1 / 3, 1 / 3, 0, 1]);
  close(rankColumn([3, NaN, 1]), [2, NaN, 1]);
  // distance to target 8: (x − 2)/(8 − 2) → 0, 1/3, 2/3, 4/3; capped at 1.
  close(distanceToTargetColumn([2, 4, 6, 10], 8, false, 1), [0, 1 / 3, 2 / 3, 4 / 3]);
  close(distanceToTargetColumn([2, 4, 6, 10], 8, true, 100), [0, 100 / 3, 200 / 3, 100]);
  // goalposts [0, 8] on scale 100: x/8 clipped to [0, 1].
  close(goalpostsColumn([2, 4, 6, 10], 0, 8, 100), [25, 50, 75, 100]);
});

test('entropy weights of [1,2,3] and [3,0,1]', () => {
  // p = x/Σx; e = −Σ p ln p / ln 3; w ∝ 1 − e.
  // a: p = 1/6, 1/3, 1/2 → e = (0.298627 + 0.366204 + 0.346574)/1.098612 = 0.920620 → d = 0.079380
  // b: p = 3/4, 0, 1/4 → e = (0.215762 + 0.346574)/1.098612 = 0.511859 → d = 0.488140
  // w = d/Σd = 0.139872, 0.860128
  close(entropyWeights([[1, 2, 3], [3, 0, 1]]), [0.1398718501, 0.8601281499], 1e-9);
  assert.throws(() => entropyWeights([[1, -2, 3], [1, 1, 1]]), { code: 'DOTHI_INDEX_METHOD_INVALID' });
});

test('CRITIC weights: σ_j Σ_k (1 − r_jk)', () => {
  // a = 1..4, b = 4..1 (r_ab = −1), c = 1,−1,−1,1 (r_ac = r_bc = 0).
  // σ_a = σ_b = √(5/3) = 1.2909944, σ_c = √(4/3) = 1.1547005.
  // C_a = C_b = σ_a (2 + 1) = 3.8729833; C_c = σ_c (1 + 1) = 2.3094011; ΣC = 10.0553677.
  // w = 3.8729833/10.0553677 = 0.3851658 (twice) and 2.3094011/10.0553677 = 0.2296685.
  close(criticWeights([[1, 2, 3, 4], [4, 3, 2, 1], [1, -1, -1, 1]]), [0.3851658, 0.3851658, 0.2296685], 1e-6);
});

test('PCA weights: squared loadings of the first component', () => {
  // Correlation matrix [[1,1,0],[1,1,0],[0,0,1]]: largest eigenvalue 2 with vector (1,1,0)/√2 → 0.5, 0.5, 0.
  close(pcaWeights([[1, 2, 3, 4], [2, 4, 6, 8], [1, -1, -1, 1]]), [0.5, 0.5, 0], 1e-9);
  // Two positively correlated columns: [[1,r],[r,1]] has first vector (1,1)/√2 whatever r > 0.
  close(pcaWeights([[1, 2, 3, 5], [2, 1, 4, 4]]), [0.5, 0.5], 1e-9);
});

const META = `"Level","iCode","iName","Direction","Weight","Unit","Target","Denominator","Parent","Type"
1,"i1","one",1,1,,,,"P","Indicator"
1,"i2","two",-1,1,,,,"P","Indicator"
1,"i3","three",1,1,,,,"Q","Indicator"
1,"i4","four",1,2,,,,"Q","Indicator"
2,"P","P",1,1,,,,"Index","Aggregate"
2,"Q","Q",1,1,,,,"Index","Aggregate"
3,"Index","Index",1,1,,,,,"Aggregate"
`;
const DATA = `uCode,uName,i1,i2,i3,i4
A,Alpha,10,5,0,3
B,Beta,20,,4,1
C,Gamma,30,1,2,NA
`;

test('plain variant (minmax + arithmetic, missing values skipped) on a hand-worked case', () => {
  // minmax 0–100: i1 → A 0, B 50, C 100; i2 (direction −1) → A 0, B missing, C 100; i3 → A 0, B 100, C 50;
  // i4 → A 100, B 0, C missing.
  // P = mean(i1, i2): A 0, B 50 (i2 missing, weight renormalised), C 100.
  // Q = (i3 + 2·i4)/3: A 200/3, B 100/3, C 50 (i4 missing).
  // Index = (P + Q)/2: A 100/3, B 125/3, C 75. Ranks: C 1, B 2, A 3.
  const r = buildIndex(readCoinr(DATA, META), { steps: [{ step: 'normalise', method: 'minmax', range: [0, 100] }, { step: 'aggregate', method: 'arithmetic' }] });
  const col = (c: string): Float64Array => r.scores.cols[r.scores.codes.indexOf(c)] ?? new Float64Array();
  close(col('P'), [0, 50, 100]);
  close(col('Q'), [200 / 3, 100 / 3, 50]);
  close(col('Index'), [100 / 3, 125 / 3, 75]);
  close(r.ranks.cols[r.ranks.codes.indexOf('Index')] ?? [], [3, 2, 1]);
  assert.deepEqual(r.tables.map((t) => t.name), ['raw', 'normalised', 'aggregated']);
});

test('geometric and harmonic aggregation, per level, with renormalised weights', () => {
  // Geometric of 4 and 16, weights 1 and 3: 4^(1/4)·16^(3/4) = √2 · 8 = 11.3137085.
  // Harmonic of 4 and 16, weights 1 and 1: 2 / (1/4 + 1/16) = 6.4.
  const input = readCoinr(`uCode,a,b\nU,4,16\nV,,16\n`, `"Level","iCode","Direction","Weight","Parent","Type"\n1,"a",1,1,"X","Indicator"\n1,"b",1,3,"X","Indicator"\n2,"X",1,1,"T","Aggregate"\n3,"T",1,1,,"Aggregate"\n`);
  const tree = compileTree(input.framework);
  const out = new Float64Array(4);
  aggregateTree(tree, input.values, [1, 3, 1, 1], [1, 0], 2, out);
  close(out, [8 * Math.SQRT2, 16, 8 * Math.SQRT2, 16], 1e-9, 'geometric, V has only b');
  aggregateTree(tree, input.values, [1, 1, 1, 1], [2, 2], 2, out);
  close(out, [6.4, 16, 6.4, 16], 1e-9, 'harmonic');
  const r = buildIndex(input, { steps: [{ step: 'aggregate', method: 'arithmetic', byLevel: { '2': 'geometric' } }] });
  close(r.scores.cols[r.scores.codes.indexOf('X')] ?? [], [8 * Math.SQRT2, 16]);
  // minmax puts the worst unit at 0, where a geometric mean is undefined.
  assert.throws(() => buildIndex(readCoinr(DATA, META), { steps: [{ step: 'normalise', method: 'minmax' }, { step: 'aggregate', method: 'geometric' }] }), { code: 'DOTHI_INDEX_METHOD_INVALID' });
});

test('ranks: 1 = highest, ties share the smallest rank (R rank(-x, ties.method = "min"))', () => {
  close(ranksDescending([10, 30, 30, NaN, 5]), [3, 1, 1, NaN, 4]);
});

test('weight step: equal and entropy weights reach the aggregates', () => {
  const input = readCoinr(DATA, META);
  const eq = buildIndex(input, { steps: [{ step: 'normalise', method: 'minmax' }, { step: 'weight', method: 'equal' }, { step: 'aggregate' }] });
  // Equal weights: Q for A = (0 + 100)/2 = 50.
  assert.equal(eq.scores.cols[eq.scores.codes.indexOf('Q')]?.[0], 50);
  const en = buildIndex(input, { steps: [{ step: 'impute', method: 'mean' }, { step: 'normalise', method: 'minmax' }, { step: 'weight', method: 'entropy' }, { step: 'aggregate' }] });
  const w = en.weights.indicators;
  assert.ok(Math.abs((w[0] as number) + (w[1] as number) - 1) < 1e-12 && Math.abs((w[2] as number) + (w[3] as number) - 1) < 1e-12);
  assert.ok(en.log.some((l) => l.step === 'weight' && l.indicator === 'i1'));
});
