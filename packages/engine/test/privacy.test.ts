// Small-count suppression, on tables worked out by hand (threshold 5 unless said).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsArePersonal, suppressSmallCounts } from '../src/index.ts';

const g = (key: string, count: number, population = count * 4) => ({ key, count, sums: { population } });
const shape = (t: ReturnType<typeof suppressSmallCounts<string>>) => t.groups.map((x) => [x.key, x.count, x.suppressed]);

test('nothing below the threshold: everything is published, with the total', () => {
  const t = suppressSmallCounts([g('A', 12), g('B', 5), g('C', 7)], 5);
  assert.deepEqual(shape(t), [['A', 12, null], ['B', 5, null], ['C', 7, null]]);
  assert.deepEqual(t.total, { count: 24, sums: { population: 96 } });
  assert.deepEqual(t.groups[0]?.sums, { population: 48 });
});

test('two small groups summing below the threshold take the smallest other group with them', () => {
  // B (3) and D (1) are below 5; together 4, still below 5, so C (7, the smallest left) is withheld too:
  // 23 − 12 = 11 is all anyone can learn about B, C and D together.
  const t = suppressSmallCounts([g('A', 12), g('B', 3), g('C', 7), g('D', 1)], 5);
  assert.deepEqual(shape(t), [['A', 12, null], ['B', null, 'primary'], ['C', null, 'secondary'], ['D', null, 'primary']]);
  assert.equal(t.groups[1]?.sums, null);
  assert.deepEqual(t.total, { count: 23, sums: { population: 92 } });
});

test('one small group is never alone: total minus the others would give it away', () => {
  // B (2) is withheld; A alone would reveal it as 12 − 10, so A goes too and only the total is left.
  assert.deepEqual(shape(suppressSmallCounts([g('A', 10), g('B', 2)], 5)), [['A', null, 'secondary'], ['B', null, 'primary']]);
  // With three groups the smallest other one (C, 6, before A, 10) is the one withheld.
  const t = suppressSmallCounts([g('A', 10), g('B', 2), g('C', 6)], 5);
  assert.deepEqual(shape(t), [['A', 10, null], ['B', null, 'primary'], ['C', null, 'secondary']]);
  assert.equal(t.total?.count, 18);
});

test('ties go by key, whatever the input order', () => {
  const a = suppressSmallCounts([g('Z', 6), g('B', 1), g('M', 6)], 5);
  const b = suppressSmallCounts([g('M', 6), g('Z', 6), g('B', 1)], 5);
  assert.equal(a.groups.find((x) => x.key === 'M')?.suppressed, 'secondary');
  assert.equal(b.groups.find((x) => x.key === 'M')?.suppressed, 'secondary');
  assert.equal(a.groups.find((x) => x.key === 'Z')?.suppressed, null);
});

test('a table whose total is below the threshold publishes nothing at all', () => {
  const t = suppressSmallCounts([g('A', 2), g('B', 1)], 5);
  assert.deepEqual(shape(t), [['A', null, 'primary'], ['B', null, 'primary']]);
  assert.equal(t.total, null);
  assert.deepEqual(suppressSmallCounts([], 5), { groups: [], total: null });
});

test('threshold 1 publishes every group; the threshold must be a positive integer', () => {
  assert.deepEqual(shape(suppressSmallCounts([g('A', 1), g('B', 2)], 1)), [['A', 1, null], ['B', 2, null]]);
  assert.deepEqual(shape(suppressSmallCounts([g('A', 3), g('B', 3), g('C', 20)], 3)), [['A', 3, null], ['B', 3, null], ['C', 20, null]]);
  assert.throws(() => suppressSmallCounts([g('A', 1)], 0), RangeError);
  assert.throws(() => suppressSmallCounts([g('A', 1)], 2.5), RangeError);
});

test('records are personal only for a kind that says so, and only when the layer carries personal attributes', () => {
  assert.equal(recordsArePersonal('population', ['head_of_household', 'phone']), true);
  assert.equal(recordsArePersonal('population', []), false, 'ward totals without names are not about one household');
  assert.equal(recordsArePersonal('buildings', ['owner_name']), false, 'a building stays a building without its owner');
  assert.equal(recordsArePersonal('innovation_actors', ['contact_person']), false);
  assert.equal(recordsArePersonal('no_such_kind', ['x']), false);
});
