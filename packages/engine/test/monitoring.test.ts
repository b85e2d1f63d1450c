// Monitoring: periods, the published SDG progress method (Open SDG / Statistics Canada, as implemented
// in open-sdg/sdg-build sdg/ProgressMeasure.py), projections and peer benchmarking. Every expected
// number is worked out by hand in the comment beside it; floating-point checks use 1e-9 relative
// tolerance (the arithmetic is a handful of pow() calls, so only the last bits may differ).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePeriod } from '../src/monitoring/period.ts';
import { assessProgress, limitCoefficient } from '../src/monitoring/progress.ts';
import type { ObservedPoint } from '../src/monitoring/progress.ts';
import { compoundAnnualGrowth, linearFit } from '../src/monitoring/trend.ts';
import { benchmark, rankColumn } from '../src/monitoring/benchmark.ts';
import { DothiError } from '../src/errors.ts';

const close = (a: number | null | undefined, b: number, what: string): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);
};
const years = (...pairs: Array<[number, number]>): ObservedPoint[] => pairs.map(([time, value]) => ({ time, value, period: String(time) }));

test('periods normalise to their first day and a decimal-year time', () => {
  assert.deepEqual(parsePeriod('2024'), { text: '2024', kind: 'year', year: 2024, month: 1, start: '2024-01-01', time: 2024 });
  assert.equal(parsePeriod('2024-q3').text, '2024-Q3');
  assert.equal(parsePeriod('2024-Q3').start, '2024-07-01');
  // Q3 starts in month 7: 2024 + 6/12.
  assert.equal(parsePeriod('2024-Q3').time, 2024.5);
  assert.equal(parsePeriod('2024-H2').start, '2024-07-01');
  assert.equal(parsePeriod(' 2023-11 ').start, '2023-11-01');
  for (const bad of ['24', '2024-Q5', '2024-13', '2024-00', 'năm 2024', '2024/01', '', '1700']) {
    assert.throws(() => parsePeriod(bad), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_PERIOD_INVALID', bad);
  }
});

test('growth models: compound annual growth and least squares', () => {
  // (25/20)^(1/5) − 1 = 1.25^0.2 − 1 = 0.0456395525912732
  close(compoundAnnualGrowth(20, 25, 2015, 2020), 0.0456395525912732, 'CAGR');
  assert.ok(Number.isNaN(compoundAnnualGrowth(20, 25, 2020, 2020)));
  // Points on the line y = x − 1995 fit it exactly.
  const fit = linearFit([{ time: 2015, value: 20 }, { time: 2017, value: 22 }, { time: 2020, value: 25 }]);
  close(fit?.slope, 1, 'slope');
  close(fit?.intercept, -1995, 'intercept');
  assert.equal(linearFit([{ time: 2015, value: 1 }]), null);
});

test('with a target: R = s·d·CAGR_o / |CAGR_r| against 0.95, 0.60 and 0', () => {
  const target = { year: 2030, value: 40 };
  // CAGR_r = (40/20)^(1/15) − 1 = 0.0472941228206267 for every case below (base 20 in 2015).
  // 20 → 25: CAGR_o = 0.0456395525912732, R = 0.965015309922781 ≥ 0.95: on track.
  const a = assessProgress(years([2015, 20], [2017, 22], [2020, 25]), { direction: 1, target });
  assert.equal(a.status, 'on_track');
  assert.equal(a.method, 'target');
  close(a.requiredRate, 0.0472941228206267, 'CAGR_r');
  close(a.observedRate, 0.0456395525912732, 'CAGR_o');
  close(a.progressValue, 0.965015309922781, 'R');
  assert.equal(a.baseline?.value, 20);
  assert.equal(a.latest?.value, 25);
  // Straight line still needed from 2020: (40 − 25) / (2030 − 2020) = 1.5 per year; observed slope 1.
  close(a.requiredSlope, 1.5, 'required slope');
  close(a.observedSlope, 1, 'observed slope');
  // Interval scale: the least-squares line y = x − 1995 gives 35 in 2030; compound: 25·1.25² = 39.0625.
  assert.equal(a.projection?.primary, 'linear');
  close(a.projection?.linear, 35, 'linear projection');
  close(a.projection?.compound, 39.0625, 'compound projection');
  assert.equal(a.projection?.meetsTarget, false);
  // 20 → 24: R = (1.2^0.2 − 1)/0.0472941… = 0.785241106542972: needs acceleration.
  const b = assessProgress(years([2015, 20], [2020, 24]), { direction: 1, target });
  assert.equal(b.status, 'needs_acceleration');
  close(b.progressValue, 0.785241106542972, 'R');
  // 20 → 22: R = (1.1^0.2 − 1)/0.0472941… = 0.40691898577857: limited progress, our off_track.
  const c = assessProgress(years([2015, 20], [2020, 22]), { direction: 1, target });
  assert.equal(c.status, 'off_track');
  close(c.progressValue, 0.40691898577857, 'R');
  // 20 → 18: CAGR_o < 0, R < 0: deterioration, our regressing.
  assert.equal(assessProgress(years([2015, 20], [2020, 18]), { direction: 1, target }).status, 'regressing');
  // 20 → 41 passes 40: achieved, whatever the rate.
  assert.equal(assessProgress(years([2015, 20], [2020, 41]), { direction: 1, target }).status, 'achieved');
});

test('direction −1: falling is progress (PM2.5 from 40 to 30 µg/m³, target 20 by 2030)', () => {
  // CAGR_o = 0.75^0.2 − 1 = −0.055912488705098; CAGR_r = 0.5^(1/15) − 1 = −0.0451583960895835;
  // R = (+1)(−1)(−0.055912488705098) / 0.0451583960895835 = 1.23814159816883: on track.
  const r = assessProgress(years([2015, 40], [2020, 30]), { direction: -1, target: { year: 2030, value: 20 } });
  assert.equal(r.status, 'on_track');
  close(r.progressValue, 1.23814159816883, 'R');
  // The same series with direction +1 is going the wrong way.
  assert.equal(assessProgress(years([2015, 40], [2020, 30]), { direction: 1, target: { year: 2030, value: 60 } }).status, 'regressing');
  // At or below a falling target is achieved.
  assert.equal(assessProgress(years([2015, 40], [2020, 20]), { direction: -1, target: { year: 2030, value: 20 } }).status, 'achieved');
});

test('a chosen baseline year, and the ratio scale projects at the compound rate', () => {
  // Base year 2016: the first observation at or after it is 2017 (22); 22 → 25 over 3 years.
  const r = assessProgress(years([2015, 20], [2017, 22], [2020, 25]), { direction: 1, target: { year: 2030, value: 40 }, baselineYear: 2016, scale: 'ratio' });
  assert.equal(r.baseline?.time, 2017);
  // CAGR_o = (25/22)^(1/3) − 1; projection 25·(25/22)^(10/3).
  close(r.observedRate, (25 / 22) ** (1 / 3) - 1, 'CAGR_o');
  assert.equal(r.projection?.primary, 'compound');
  close(r.projection?.value, 25 * (25 / 22) ** (10 / 3), 'compound projection');
  // 25·(25/22)^(10/3) = 38.15… < 40.
  assert.equal(r.projection?.meetsTarget, false);
});

test('without a target: the observed CAGR against 1.5 %, 0.5 % and 0, scaled near a natural limit', () => {
  // 100 → 110 in 5 years: 1.1^0.2 − 1 = 0.0192454… ≥ 0.015: on track; with direction −1, deterioration.
  assert.equal(assessProgress(years([2015, 100], [2020, 110]), { direction: 1 }).status, 'on_track');
  assert.equal(assessProgress(years([2015, 100], [2020, 110]), { direction: -1 }).status, 'regressing');
  // A share going 95 % → 96 %: CAGR = (96/95)^0.2 − 1 = 0.00209645446755702 < 0.005: limited progress…
  assert.equal(assessProgress(years([2015, 95], [2020, 96]), { direction: 1 }).status, 'off_track');
  // …but near the 100 % limit the thresholds shrink by C = 1 − 0.95^4.44 = 0.203670494437724:
  // 0.015·C = 0.00305505741656586 and 0.005·C = 0.00101835247218862, so it needs acceleration.
  close(limitCoefficient(95, 100), 0.203670494437724, 'C');
  const r = assessProgress(years([2015, 95], [2020, 96]), { direction: 1, limit: 100 });
  assert.equal(r.status, 'needs_acceleration');
  close(r.thresholds.high, 0.00305505741656586, 'scaled high');
  assert.equal(r.thresholds.low, 0);
});

test('what cannot be assessed says why', () => {
  const t = { year: 2030, value: 40 };
  assert.equal(assessProgress([], { direction: 1, target: t }).status, 'insufficient_data');
  assert.equal(assessProgress(years([2020, 25]), { direction: 1, target: t }).status, 'insufficient_data');
  // Two quarters half a year apart: the method needs at least a year between base and latest.
  const q = assessProgress([{ time: 2024, value: 1 }, { time: 2024.5, value: 2 }], { direction: 1, target: t });
  assert.equal(q.status, 'insufficient_data');
  assert.match(q.reason ?? '', /one year/);
  // Opposite signs break the growth model.
  assert.equal(assessProgress(years([2015, -2], [2020, 3]), { direction: 1, target: t }).status, 'insufficient_data');
  // A base of 0 becomes 0.001 (published replacement): 0 → 10 is growth, not a division by zero.
  const z = assessProgress(years([2015, 0], [2020, 10]), { direction: 1, target: { year: 2030, value: 40 } });
  // CAGR_o = (10/0.001)^(1/5) − 1 = 10^0.8 − 1 = 5.30957344480193; CAGR_r = 40000^(1/15) − 1.
  close(z.observedRate, 10 ** 0.8 - 1, 'CAGR_o from 0.001');
  close(z.progressValue, (10 ** 0.8 - 1) / (40000 ** (1 / 15) - 1), 'R from 0.001');
  assert.equal(z.status, 'on_track');
});

test('ranks with direction and explicit ties', () => {
  // Values 5, 3, 5, null, 1 with direction +1: 5 and 5 share first place.
  const col = [5, 3, 5, null, 1];
  assert.deepEqual(rankColumn(col, 1, 'min'), [1, 3, 1, null, 4]);
  assert.deepEqual(rankColumn(col, 1, 'average'), [1.5, 3, 1.5, null, 4]);
  assert.deepEqual(rankColumn(col, 1, 'dense'), [1, 2, 1, null, 3]);
  // Direction −1: the smallest is best.
  assert.deepEqual(rankColumn(col, -1, 'min'), [3, 2, 3, null, 1]);
});

test('benchmark: values, ranks, min-max normalised by direction and averaged by dimension', () => {
  const r = benchmark({
    units: ['hai-chau', 'son-tra', 'lien-chieu'],
    indicators: [
      { id: 'green_m2_per_capita', direction: 1, dimension: 'environment' },
      { id: 'pm25', direction: -1, dimension: 'environment' },
      { id: 'transit_500m_share', direction: 1, dimension: 'mobility' },
    ],
    values: [
      [4, 30, 80],
      [10, 20, null],
      [7, 20, 40],
    ],
  });
  assert.deepEqual(r.dimensions, ['environment', 'mobility']);
  const [hc, st, lc] = r.units;
  // Green: 10 > 7 > 4. PM2.5 (lower is better): 20 = 20 < 30, so son-tra and lien-chieu tie at 1.
  assert.deepEqual(hc?.ranks, [3, 3, 1]);
  assert.deepEqual(st?.ranks, [1, 1, null]);
  assert.deepEqual(lc?.ranks, [2, 1, 2]);
  // Green min-max over 4..10: hai-chau 0, son-tra 100, lien-chieu (7−4)/6·100 = 50.
  // PM2.5 over 20..30 reversed: hai-chau 0, others 100. Transit over 40..80: hai-chau 100, lien-chieu 0.
  assert.deepEqual(hc?.normalised, [0, 0, 100]);
  assert.deepEqual(st?.normalised, [100, 100, null]);
  assert.deepEqual(lc?.normalised, [50, 100, 0]);
  // Environment = mean of the two: hai-chau 0, son-tra 100, lien-chieu 75; mobility: son-tra has none.
  assert.deepEqual(hc?.dimensions, { environment: 0, mobility: 100 });
  assert.deepEqual(st?.dimensions, { environment: 100, mobility: null });
  assert.deepEqual(lc?.dimensions, { environment: 75, mobility: 0 });
  assert.deepEqual(st?.values, [10, 20, null]);
  // All units equal on an indicator: no spread to normalise, so null rather than an arbitrary score.
  const flat = benchmark({ units: ['a', 'b'], indicators: [{ id: 'x', direction: 1 }], values: [[2], [2]] });
  assert.deepEqual(flat.units.map((u) => [u.ranks[0], u.normalised[0]]), [[1, null], [1, null]]);
});
