// Columnar tables: GeoJSON round trips on real data, transfer without copy, metric CRS choice, and
// geodesic areas against figures published with the data (shared/data/SOURCES.md, pyproj on WGS 84).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fromGeoJson, toGeoJson, rowGeometry } from '../src/columnar/geojson.ts';
import { takeRows, transferables } from '../src/columnar/table.ts';
import { geodesicAreas, geodesicLengths, localMetricCrs, planarAreas, projectTable, toLocalMetric } from '../src/metric/metric.ts';
import type { FeatureCollection, Geometry } from '../src/geo/geojson.ts';
import { DothiError } from '../src/errors.ts';

const SHARED = new URL('../../../../shared/data/', import.meta.url);
const read = (p: string): FeatureCollection => JSON.parse(fs.readFileSync(new URL(p, SHARED), 'utf8')) as FeatureCollection;

// A table does not remember whether a one-part geometry was written as Multi*; compare in single form.
function single(g: Geometry | null): Geometry | null {
  if (g?.type === 'MultiPolygon' && g.coordinates.length === 1) return { type: 'Polygon', coordinates: g.coordinates[0] ?? [] };
  if (g?.type === 'MultiLineString' && g.coordinates.length === 1) return { type: 'LineString', coordinates: g.coordinates[0] ?? [] };
  return g;
}

test('GeoJSON → table → GeoJSON keeps every geometry and attribute (HCMC buildings and roads)', () => {
  for (const file of ['hcmc-osm/hcmc-d1-d3-buildings.geojson', 'hcmc-osm/hcmc-d1-d3-roads.geojson', 'hcmc-osm/hcmc-d1-d3-bus_stops.geojson']) {
    const fc = read(file);
    const t = fromGeoJson(fc.features);
    assert.equal(t.length, fc.features.length);
    const back = toGeoJson(t);
    fc.features.forEach((f, i) => {
      const g = back[i]?.geometry;
      assert.deepEqual(g, single(f.geometry), `${file} feature ${i}`);
      for (const [k, v] of Object.entries(f.properties ?? {})) {
        if (v === null) continue;
        assert.deepEqual(back[i]?.properties?.[k], typeof v === 'object' ? JSON.stringify(v) : v, `${file} feature ${i} ${k}`);
      }
    });
  }
});

test('takeRows picks rows in order; an empty geometry stays an empty row', () => {
  const t = fromGeoJson([
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, properties: { n: 1, c: 'a' } },
    { type: 'Feature', geometry: null, properties: { n: 2, c: 'b' } },
    { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[[[5, 5], [6, 5], [6, 6]]], [[[7, 7], [8, 7], [8, 8], [7, 7]]]] }, properties: { n: 3 } },
  ]);
  const s = takeRows(t, [2, 1, 0]);
  assert.deepEqual(toGeoJson(s).map((f) => f.properties), [{ n: 3 }, { n: 2, c: 'b' }, { n: 1, c: 'a' }]);
  assert.equal(rowGeometry(s.geometry, 1), null);
  // The unclosed ring was closed on the way in.
  assert.deepEqual(rowGeometry(s.geometry, 0), { type: 'MultiPolygon', coordinates: [[[[5, 5], [6, 5], [6, 6], [5, 5]]], [[[7, 7], [8, 7], [8, 8], [7, 7]]]] });
});

test('mixed geometry kinds are a coded error naming the feature', () => {
  assert.throws(() => fromGeoJson([
    { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: {} },
  ]), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_ENGINE_GEOMETRY_MIXED' && e.details.index === 1);
});

test('a table crosses to a worker by transfer: buffers detach on the sender, arrive intact', () => {
  const t = fromGeoJson(read('hcmc-osm/hcmc-d1-d3-buildings.geojson').features);
  const vertices = t.geometry.coords.length;
  const { port1, port2 } = new MessageChannel();
  const received = structuredClone(t, { transfer: transferables(t) });
  port1.close(); port2.close();
  assert.equal(t.geometry.coords.length, 0, 'the sender no longer holds the coordinates (moved, not copied)');
  assert.equal(received.geometry.coords.length, vertices);
});

test('metric CRS: the dataset’s own projected CRS, else the nearest VN-2000 TM-3 meridian in Vietnam, else UTM', () => {
  assert.equal(localMetricCrs([108.15, 16.0, 108.25, 16.1], 'EPSG:5899').id, 'EPSG:5899', 'Da Nang data drawn in its province zone 107°45′ stays there');
  assert.equal(localMetricCrs([108.15, 16.0, 108.25, 16.1]).id, 'EPSG:9217', 'from WGS 84: 108°15′ is the nearest meridian');
  assert.equal(localMetricCrs([106.68, 10.77, 106.70, 10.79]).id, 'EPSG:9213', 'central HCMC: 106°30′');
  assert.equal(localMetricCrs([106.68, 10.77, 106.70, 10.79], 'EPSG:32628').id, 'EPSG:9213', 'a source CRS that does not cover the data is ignored');
  assert.equal(localMetricCrs([-15.54, 28.0, -15.38, 28.2]).id, 'EPSG:32628', 'Las Palmas: UTM 28N');
});

test('geodesic areas of the Da Nang districts match the published pyproj figures to 0.05 km² (they are given to 0.1 km²)', () => {
  const fc = read('dvhcvn-danang/danang-city-and-districts-2019.geojson');
  const t = fromGeoJson(fc.features);
  const areas = geodesicAreas(t);
  const published: Record<string, number> = { 'Liên Chiểu': 73.1, 'Thanh Khê': 10.0, 'Hải Châu': 20.2, 'Sơn Trà': 58.3, 'Ngũ Hành Sơn': 38.5, 'Cẩm Lệ': 36.1, 'Hòa Vang': 735.3 };
  let checked = 0;
  fc.features.forEach((f, i) => {
    const name = String(f.properties?.name ?? '');
    const key = Object.keys(published).find((k) => name.includes(k));
    if (!key) return;
    assert.ok(Math.abs((areas[i] as number) / 1e6 - (published[key] as number)) <= 0.05, `${name}: ${(areas[i] as number) / 1e6} km²`);
    checked++;
  });
  assert.equal(checked, 7);
  // The mainland districts projected into their VN-2000 zone: planar areas within the TM-3 scale error
  // (k = 0.9999 on the meridian, < 0.1 % within 1° of it). The city and Hoàng Sa reach islands at 112°E.
  const mainland = fc.features.filter((f) => !/Hoàng Sa|Thành phố/.test(String(f.properties?.name)));
  const mt = fromGeoJson(mainland);
  const { crs, tables: [m] } = toLocalMetric([mt]);
  assert.equal(crs.id, 'EPSG:5898', 'nearest meridian to the districts: 108°00′');
  const planar = planarAreas(m as typeof mt);
  const geodesic = geodesicAreas(mt);
  for (let i = 0; i < mt.length; i++) assert.ok(Math.abs((planar[i] as number) / (geodesic[i] as number) - 1) < 1e-3, `district ${i}`);
});

test('geodesic lengths of the HCMC roads: 40.2 km in all (SOURCES.md), and projection agrees', () => {
  const t = fromGeoJson(read('hcmc-osm/hcmc-d1-d3-roads.geojson').features);
  const total = geodesicLengths(t).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total / 1000 - 40.2) < 0.05, `${total} m`);
  const m = projectTable(t, 'EPSG:32648');
  assert.equal(m.crs, 'EPSG:32648');
});
