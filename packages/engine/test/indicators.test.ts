// Every indicator calculator on a small world worked out by hand (arithmetic in the comments).
// Coordinates are in UTM 48N, shifted by (X0, Y0) so they look like real projected data; areas and
// lengths are computed relative to a ring's first vertex, so the shift changes nothing but rounding:
// values are compared to 1e-9 relative.
//
// The world: unit A = [0,100]×[0,100], unit B = [100,200]×[0,100] (10,000 m² = 0.01 km² each).
// Streets: L1 along y = 50 from x = 0 to 200 with vertices at x = 60 and 150; L2 x = 60 from y = 0 to 100;
// L3 x = 150 from y = 50 to 100. Nodes: (0,50) (60,50) (150,50) (200,50) (60,0) (60,100) (150,100).
// Residents: P1 30 at (5,45) → node (0,50); P2 20 at (60,95) → node (60,100), both in A;
// P3 100 at (150,95) → node (150,100), in B.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromGeoJson } from '../src/columnar/geojson.ts';
import type { FeatureTable } from '../src/columnar/table.ts';
import type { Feature, Geometry } from '../src/geo/geojson.ts';
import { DothiError } from '../src/errors.ts';
import { CALCULATORS, runCalculator } from '../src/indicators/registry.ts';
import { normalisedEntropy } from '../src/indicators/area-calculators.ts';
import { polygonCentroids } from '../src/indicators/common.ts';
import type { CalculatorInput, CalculatorResult, LayerRole } from '../src/indicators/types.ts';

const CRS = 'EPSG:32648';
const X0 = 600000, Y0 = 1190000;
const P = (x: number, y: number): [number, number] => [X0 + x, Y0 + y];
const feat = (geometry: Geometry, properties: Record<string, unknown> = {}): Feature => ({ type: 'Feature', geometry, properties });
const sq = (x0: number, y0: number, x1: number, y1: number): Geometry => ({ type: 'Polygon', coordinates: [[P(x0, y0), P(x1, y0), P(x1, y1), P(x0, y1), P(x0, y0)]] });
const pt = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: P(x, y) });
const line = (...xy: Array<[number, number]>): Geometry => ({ type: 'LineString', coordinates: xy.map(([x, y]) => P(x, y)) });
const table = (fs: Feature[], kind: 'point' | 'line' | 'polygon'): FeatureTable => fromGeoJson(fs, { crs: CRS, kind });

const units = table([feat(sq(0, 0, 100, 100), { code: 'A' }), feat(sq(100, 0, 200, 100), { code: 'B' })], 'polygon');

const layers: Partial<Record<LayerRole, FeatureTable>> = {
  population: table([feat(pt(5, 45), { population: 30 }), feat(pt(60, 95), { population: 20 }), feat(pt(150, 95), { population: 100 })], 'point'),
  land_use: table([
    feat(sq(0, 0, 50, 100), { class: 'residential' }), // A 5,000 m², built up, group residential
    feat(sq(50, 0, 100, 100), { class: 'grass' }), // A 5,000 m², not built up, group recreational
    feat(sq(100, 0, 200, 50), { class: 'commercial' }), // B 5,000 m²
    feat(sq(100, 0, 150, 100), { class: 'retail' }), // B 5,000 m², 2,500 of them over the commercial polygon
    feat(sq(100, 50, 120, 60), { class: 'construction' }), // B, in no list
  ], 'polygon'),
  green_spaces: table([
    feat(sq(50, 0, 100, 100), { type: 'park' }), // A 5,000 m², public (no access tag)
    feat(sq(60, 20, 80, 40), { type: 'grass' }), // inside the park: adds nothing to the union
    feat(sq(150, 50, 200, 100), { type: 'garden', access: 'private' }), // B 2,500 m², green but not public
  ], 'polygon'),
  buildings: table([
    feat(sq(10, 10, 30, 30), { levels: 3 }), // A: 400 m², floor 1,200
    feat(sq(90, 10, 110, 20), { floor_area_m2: 1000 }), // 200 m² across A|B: 100 + 100 m², floor 500 + 500
    feat(sq(150, 60, 170, 90), {}), // B: 600 m², no levels → 600 × defaultLevels
  ], 'polygon'),
  roads: table([
    feat(line([0, 50], [60, 50], [150, 50], [200, 50]), { highway: 'residential' }),
    feat(line([60, 0], [60, 50], [60, 100]), { highway: 'footway' }),
    feat(line([150, 50], [150, 100]), { highway: 'service' }),
  ], 'line'),
  transit_stops: table([feat(pt(195, 50), { mode: 'bus' })], 'point'), // → node (200,50)
  amenities: table([
    feat(pt(0, 55), { amenity: 'school' }), // → node (0,50)
    feat(pt(150, 52), { amenity: 'clinic' }), // → node (150,50)
    feat(pt(0, 52), { amenity: 'pharmacy' }), // not a health facility here
    feat(pt(150, 98), { amenity: 'restaurant' }),
  ], 'point'),
  innovation_actors: table([
    feat(pt(10, 10), { actor_type: 'university' }),
    feat(pt(50, 50), { actor_type: 'startup' }), // A: 56.57 m from the university
    feat(pt(150, 50), { actor_type: 'firm' }), // B: 145.6 m from it
    feat(pt(190, 90), { actor_type: 'incubator' }), // B: 196.98 m from it, 237.1 m from the R&D centre
    feat(pt(300, 300), { actor_type: 'research_centre' }), // outside every unit; still an anchor
  ], 'point'),
};

const input = (params?: Record<string, number | string>): CalculatorInput => (params ? { units, layers, params } : { units, layers });

function close(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}
function expectValues(r: CalculatorResult, values: number[], whole: number): void {
  assert.equal(r.values.length, values.length);
  values.forEach((v, i) => (Number.isNaN(v) ? assert.ok(Number.isNaN(r.values[i]), `${r.calculator} unit ${i}`) : close(r.values[i] as number, v, `${r.calculator} unit ${i}`)));
  close(r.whole, whole, `${r.calculator} whole`);
}

test('registry: at least 15 calculators, each with a version, a unit, both languages and the roles it needs', () => {
  const ids = Object.keys(CALCULATORS);
  assert.ok(ids.length >= 15);
  for (const id of ['population_density', 'built_up_share', 'green_space_per_capita', 'green_space_share', 'transit_stop_500m_share',
    'primary_school_10min_share', 'health_facility_10min_share', 'park_10min_share', 'land_use_mix_entropy', 'intersection_density',
    'street_network_density', 'building_coverage_ratio', 'floor_area_ratio', 'public_open_space_share', 'innovation_near_university_share']) {
    const c = CALCULATORS[id];
    assert.ok(c, id);
    assert.equal(c.id, id);
    assert.ok(c.version && c.unit && c.name.en && c.name.vi && c.definition.en && c.definition.vi && c.needs.length > 0, id);
    assert.match(c.name.vi, /[àáảãạăâđèéêìíòóôơùúưỳýộệịọụủữựốờớởỡầấẩẫậằắẳẵặềếểễ]/i, `${id} Vietnamese name has diacritics`);
  }
});

test('unknown calculator, missing layer and bad parameter are coded errors', () => {
  assert.throws(() => runCalculator('no_such', input()), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_CALCULATOR_UNKNOWN');
  const noPop = { ...layers };
  delete noPop.population;
  assert.throws(() => runCalculator('population_density', { units, layers: noPop }),
    (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_LAYER_MISSING' && e.details.role === 'population' && /population/.test(e.message_vi()));
  assert.throws(() => runCalculator('transit_stop_500m_share', input({ distance: -5 })), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_PARAM_INVALID');
  const wgs = { ...layers, roads: { ...(layers.roads as FeatureTable), crs: 'EPSG:4326' } };
  assert.throws(() => runCalculator('intersection_density', { units, layers: wgs }), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_INDICATOR_CRS_MISMATCH');
});

test('population_density: points by containing unit, polygons by area share', () => {
  // A: (30 + 20) / 0.01 km² = 5,000; B: 100 / 0.01 = 10,000; whole 150 / 0.02 = 7,500.
  const r = runCalculator('population_density', input());
  expectValues(r, [5000, 10000], 7500);
  assert.equal(r.unit, 'persons/km²');
  // One polygon of 200 persons over [50,150]×[0,100]: half its area in each unit → 100 each → 10,000/km².
  const poly = table([feat(sq(50, 0, 150, 100), { population: 200 })], 'polygon');
  expectValues(runCalculator('population_density', { units, layers: { population: poly } }), [10000, 10000], 10000);
});

test('built_up_share: union of built-up classes, overlaps once', () => {
  // A: residential 5,000 / 10,000 = 50 %. B: commercial ∪ retail = 5,000 + 5,000 − 2,500 = 7,500 → 75 %;
  // construction is not built up. Whole: 12,500 / 20,000 = 62.5 %.
  expectValues(runCalculator('built_up_share', input()), [50, 75], 62.5);
});

test('green_space_share, green_space_per_capita, public_open_space_share', () => {
  // Green union: A 5,000 (grass inside the park adds nothing), B 2,500. Share: 50 %, 25 %; whole 7,500 / 20,000 = 37.5 %.
  expectValues(runCalculator('green_space_share', input()), [50, 25], 37.5);
  // Per capita: A 5,000 / 50 = 100 m²; B 2,500 / 100 = 25 m²; whole 7,500 / 150 = 50 m².
  expectValues(runCalculator('green_space_per_capita', input()), [100, 25], 50);
  // Public open space: the park (A 5,000 → 50 %); the private garden is not public (B 0 %); whole 5,000 / 20,000 = 25 %.
  expectValues(runCalculator('public_open_space_share', input()), [50, 0], 25);
});

test('per-capita value of a unit without residents is NaN with a note in both languages', () => {
  const three = table([feat(sq(0, 0, 100, 100)), feat(sq(100, 0, 200, 100)), feat(sq(200, 0, 300, 100))], 'polygon');
  const r = runCalculator('green_space_per_capita', { units: three, layers });
  assert.ok(Number.isNaN(r.values[2]));
  const note = r.notes.find((n) => n.unit === 2);
  assert.ok(note && note.en.length > 0 && /dân số/.test(note.vi));
  close(r.whole, 50, 'whole'); // the empty unit adds neither green nor people
});

test('land_use_mix_entropy: −Σ p ln p / ln 5 over the five groups', () => {
  // A: residential 5,000 + recreational (grass) 5,000 → ln 2 / ln 5 = 0.430676558073393.
  // B: commercial 5,000 + retail 5,000 are one group → 0. Whole: residential 5,000, recreational 5,000,
  // commercial 10,000 → p = (¼, ¼, ½): H = 1.5 ln 2 → 1.5 ln 2 / ln 5 = 0.646014837110089.
  const r = runCalculator('land_use_mix_entropy', input());
  expectValues(r, [Math.log(2) / Math.log(5), 0], (1.5 * Math.log(2)) / Math.log(5));
  assert.equal(r.params.k, 5);
  close(normalisedEntropy([1, 1, 1, 1, 1], 5), 1, 'even mix');
  assert.ok(Number.isNaN(normalisedEntropy([0, 0], 5)));
});

test('building_coverage_ratio and floor_area_ratio with the defaulted-building count', () => {
  // Coverage: A 400 + 100 = 500 → 5 %; B 100 + 600 = 700 → 7 %; whole 1,200 / 20,000 = 6 %.
  expectValues(runCalculator('building_coverage_ratio', input()), [5, 7], 6);
  // Floor area: A 1,200 + 500 = 1,700 → 0.17; B 500 + 600 × 1 = 1,100 → 0.11; whole 2,800 / 20,000 = 0.14.
  const far = runCalculator('floor_area_ratio', input());
  expectValues(far, [0.17, 0.11], 0.14);
  assert.equal(far.counts.defaulted_buildings, 1);
  assert.ok(far.notes.some((n) => n.unit === 1 && /: 1$/.test(n.en) && /: 1$/.test(n.vi)));
  assert.ok(!far.notes.some((n) => n.unit === 0), 'no building of A was defaulted');
  // defaultLevels 2: B 500 + 1,200 = 1,700 → 0.17; whole 3,400 / 20,000 = 0.17.
  expectValues(runCalculator('floor_area_ratio', input({ defaultLevels: 2 })), [0.17, 0.17], 0.17);
});

test('intersection_density and street_network_density', () => {
  // Intersections (≥ 3 neighbours): (60,50) in A, (150,50) in B → 1 / 0.01 km² = 100 each; whole 100.
  expectValues(runCalculator('intersection_density', input()), [100, 100], 100);
  // Edges by midpoint: A 60 (L1 0–60) + 50 + 50 (L2) = 160 m; B 90 + 50 (L1) + 50 (L3) = 190 m.
  // 0.160 km / 0.01 km² = 16; 0.190 / 0.01 = 19; whole 0.350 / 0.02 = 17.5 km/km².
  expectValues(runCalculator('street_network_density', input()), [16, 19], 17.5);
});

test('transit_stop_500m_share: network distances from the stop node (200,50)', () => {
  // Distances: P1 node (0,50) 200 m; P2 node (60,100) 90 + 50 + 50 = 190 m; P3 node (150,100) 50 + 50 = 100 m.
  expectValues(runCalculator('transit_stop_500m_share', input()), [100, 100], 100); // 500 m reaches everyone
  // 150 m: A none, B P3 → 0 %, 100 %; whole 100 / 150.
  expectValues(runCalculator('transit_stop_500m_share', input({ distance: 150 })), [0, 100], 200 / 3);
  // 195 m: A P2 (20 of 50) = 40 %; whole (20 + 100) / 150 = 80 %.
  const r = runCalculator('transit_stop_500m_share', input({ distance: 195 }));
  expectValues(r, [40, 100], 80);
  assert.equal(r.params.radius_m, 195);
});

test('10-minute walk shares: school, health facility, park', () => {
  // Default 10 min at 5 km/h (OSRM foot profile) = 833.3 m: everyone reaches the school.
  const d = runCalculator('primary_school_10min_share', input());
  expectValues(d, [100, 100], 100);
  close(d.params.radius_m as number, 5000 / 6, 'radius');
  // 1.5 min at 4.8 km/h = 120 m from the school node (0,50): P1 0 m in; P2 60 + 50 = 110 m in;
  // P3 90 + 60 + 50 = 200 m out. A 100 %, B 0 %, whole 50 / 150.
  expectValues(runCalculator('primary_school_10min_share', input({ minutes: 1.5, walkSpeedKmh: 4.8 })), [100, 0], 100 / 3);
  // Health (the clinic at node (150,50); the pharmacy does not count), 1 min at 5 km/h = 83.3 m:
  // P3 50 m in; P2 50 + 90 = 140 m out; P1 150 m out → A 0 %, B 100 %, whole 100 / 150.
  expectValues(runCalculator('health_facility_10min_share', input({ minutes: 1 })), [0, 100], 200 / 3);
  // Park [50,100]×[0,100]: its corners snap to (60,0) and (60,100). 83.3 m: P2 0 m in; P1 60 + 50 = 110 out;
  // P3 50 + 90 + 50 = 190 out → A 20 / 50 = 40 %, B 0 %, whole 20 / 150. The private garden is not a park.
  expectValues(runCalculator('park_10min_share', input({ minutes: 1 })), [40, 0], 40 / 3);
});

test('innovation_near_university_share: straight-line distance to a university or R&D centre', () => {
  // 100 m: the startup (56.6 m) is near; the firm (145.6 m) and incubator (197.0 m; 237.1 m to the R&D centre) are not.
  // A 1 / 1 = 100 %, B 0 / 2 = 0 %, whole 1 / 3. Anchors themselves are not counted.
  const r = runCalculator('innovation_near_university_share', input({ distance: 100 }));
  expectValues(r, [100, 0], 100 / 3);
  assert.deepEqual(r.counts, { anchors: 2, actors: 3 });
  expectValues(runCalculator('innovation_near_university_share', input()), [100, 100], 100); // 1 km
});

test('polygon centroids: area-weighted, holes subtracted', () => {
  // Square [0,4]² with hole [0,2]×[0,2]: area 12; centroid = (16·(2,2) − 4·(1,1)) / 12 = (7/3, 7/3).
  const t = table([feat({ type: 'Polygon', coordinates: [[P(0, 0), P(4, 0), P(4, 4), P(0, 4), P(0, 0)], [P(0, 0), P(0, 2), P(2, 2), P(2, 0), P(0, 0)]] })], 'polygon');
  const c = polygonCentroids(t).geometry.coords;
  close((c[0] as number) - X0, 7 / 3, 'x');
  close((c[1] as number) - Y0, 7 / 3, 'y');
});
