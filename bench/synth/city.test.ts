// The synthetic city generator: deterministic for a seed, the advertised sizes, a street grid that is one
// connected network, zones that tile the extent, and EWKB that reads back bit for bit. Sources of the
// expected numbers: the generator's own spec (CITY_SPECS) and plane geometry (zone areas sum to the
// extent's area; tolerance 1e-9 relative, the round-off of 1,000 shoelace sums over ~1e8 m²).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNetwork, components, planarAreas } from '@dothi/engine';
import type { FeatureTable } from '@dothi/engine';
import { ewkbHex, WkbColumnBuilder } from '../lib/wkb.ts';
import { CITY_SPECS, synthCity } from './city.ts';
import type { SynthLayer } from './city.ts';

function toTable(l: SynthLayer, crs = 'EPSG:32628'): FeatureTable {
  const b = new WkbColumnBuilder(l.kind);
  for (const g of l.geoms) b.add(ewkbHex(l.kind, 32628, g as number[][][]));
  return { length: l.geoms.length, geometry: b.finish(), columns: {}, crs };
}

const S = synthCity('S', 42);

test('same seed, same city; another seed, another city', () => {
  const again = synthCity('S', 42);
  assert.deepEqual(again.layers.roads.geoms.slice(0, 50), S.layers.roads.geoms.slice(0, 50));
  assert.deepEqual(again.layers.pts.attrs.val?.slice(-10), S.layers.pts.attrs.val?.slice(-10));
  const other = synthCity('S', 43);
  assert.notDeepEqual(other.layers.buildings.geoms.slice(0, 10), S.layers.buildings.geoms.slice(0, 10));
});

test('sizes are the advertised ones', () => {
  const spec = CITY_SPECS.S;
  assert.equal(S.layers.buildings.geoms.length, spec.buildings);
  assert.equal(S.layers.pts.geoms.length, spec.points);
  assert.equal(S.layers.amenities.geoms.length, spec.amenities);
  assert.equal(S.layers.stops.geoms.length, spec.stops);
  assert.equal(S.layers.landuse.geoms.length, spec.landuse);
  assert.equal(S.layers.zones.geoms.length, 1000);
});

test('EWKB written for COPY reads back to the same coordinates, bit for bit', () => {
  for (const l of [S.layers.zones, S.layers.landuse, S.layers.roads]) {
    const t = toTable(l);
    const flat = l.geoms.flat(3);
    assert.deepEqual(Array.from(t.geometry.coords), flat);
  }
});

test('the street grid is one connected network and the zones tile the extent', () => {
  const roads = toTable(S.layers.roads);
  const net = buildNetwork(roads, { mode: 'walk' });
  const { sizes } = components(net);
  assert.equal(sizes.length, 1, `one component (got ${sizes.length})`);
  // Nodes are the grid crossings where ways meet (an arterial's interior vertex with no side street is not one); midpoints never are.
  assert.ok(net.nodeCount <= CITY_SPECS.S.grid ** 2 && net.nodeCount > 0.95 * CITY_SPECS.S.grid ** 2, `nodes: ${net.nodeCount}`);
  const [x0, y0, x1, y1] = S.extent;
  const areas = planarAreas(toTable(S.layers.zones));
  const total = areas.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - (x1 - x0) * (y1 - y0)) <= 1e-9 * total, `zones cover the extent: ${total}`);
});
