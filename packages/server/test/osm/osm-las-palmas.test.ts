// The OSM importer on a whole city extract (Las Palmas de Gran Canaria, 3.3 MB PBF), with
// Debian's native GDAL (ogr2ogr, gdal-bin) as the oracle for a few sectors.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkFeature, findLayerKind } from '@dothi/engine';
import type { Geometry, Position } from '@dothi/engine';
import { readOsm } from '../../src/formats/osm/osm-reader.ts';
import { osmconf } from '../../src/formats/osm/osm-gdal.ts';
import { gdal } from '../../src/formats/gdal.ts';
import type { SourceDataset } from '../../src/formats/types.ts';
import { canonicalPolygons, inputOf, layerOf } from './oracle.ts';

const PBF = '/work/shared/data/las-palmas-osm/las-palmas-2023-02-21.osm.pbf';

/** Runs Debian's ogr2ogr on the extract and returns the GeoJSON features of an OGR SQL query. */
function nativeQuery(sql: string, openOptions: string[] = []): Array<{ properties: Record<string, string | null>; geometry: Geometry | null }> {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', PBF, ...openOptions.flatMap((o) => ['-oo', o]), '-sql', sql], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { features: Array<{ properties: Record<string, string | null>; geometry: Geometry | null }> }).features;
}

const ids = (ds: SourceDataset, kind: string): Set<string> => new Set(layerOf(ds, kind).map((f) => String(f.id)));
const round7 = (ring: Position[]): Position[] => ring.map((p) => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7]);

describe('Las Palmas de Gran Canaria extract', () => {
  let ds: SourceDataset;
  before(async () => {
    await gdal(); // load the WASM first, so the time below is the read alone
    const t = performance.now();
    ds = await readOsm(inputOf(PBF), { maxFeatures: 5_000_000 });
    console.log(`las-palmas-2023-02-21.osm.pbf read in ${(performance.now() - t).toFixed(0)} ms`);
    for (const l of ds.layers) console.log(`  ${l.kind}: ${l.features.length}`);
    for (const n of ds.notes) console.log(`  note: ${n}`);
  });

  test('every sector is there and non-empty', () => {
    assert.deepEqual(ds.layers.map((l) => l.kind).sort(), ['amenities', 'buildings', 'green_spaces', 'land_use', 'roads', 'transit_stops', 'water_bodies']);
    for (const l of ds.layers) assert.ok(l.features.length > 0, l.kind);
  });

  test('roads: the same ways as native GDAL\'s highway lines', () => {
    const native = nativeQuery("SELECT osm_id FROM lines WHERE highway IS NOT NULL AND highway NOT IN ('bus_stop', 'platform')");
    assert.deepEqual(ids(ds, 'roads'), new Set(native.map((f) => `way/${f.properties.osm_id}`)));
    assert.ok(native.length > 10_000);
  });

  test('transit stops: the same nodes as native GDAL finds by the same tags', () => {
    const tag = (k: string, v: string): string => `other_tags LIKE '%"${k}"=>"${v}"%'`;
    const native = nativeQuery(
      `SELECT osm_id FROM points WHERE highway = 'bus_stop' OR ${tag('public_transport', 'platform')} OR ${tag('public_transport', 'stop_position')} OR ` +
        `${tag('railway', 'station')} OR ${tag('railway', 'halt')} OR ${tag('railway', 'tram_stop')} OR ${tag('amenity', 'ferry_terminal')}`,
    );
    assert.deepEqual(ids(ds, 'transit_stops'), new Set(native.map((f) => `node/${f.properties.osm_id}`)));
  });

  test('buildings: native GDAL\'s buildings, except for two documented GDAL behaviours', () => {
    const native = nativeQuery("SELECT osm_id, osm_way_id FROM multipolygons WHERE building IS NOT NULL AND building <> 'no'");
    const nativeIds = new Set(native.map((f) => (f.properties.osm_id ? `relation/${f.properties.osm_id}` : `way/${f.properties.osm_way_id}`)));
    const mine = ids(ds, 'buildings');
    const nativeOnly = [...nativeIds].filter((id) => !mine.has(id));
    const mineOnly = [...mine].filter((id) => !nativeIds.has(id));
    console.log(`  buildings: ${mine.size} here, ${nativeIds.size} native GDAL; native only ${nativeOnly.length}, here only ${mineOnly.length}`);
    assert.ok(nativeOnly.length + mineOnly.length < 0.001 * mine.size);

    // 1. GDAL closes a building way by node ids and draws the nodes it has, so a way cut by the
    //    extract's boundary becomes a partial polygon. Read as plain lines (our osmconf), each of
    //    these ways does not close, or has under 2 nodes left and is no line at all (its native
    //    "polygon" is degenerate): we leave them out, as osmium does.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-osmconf-'));
    const conf = path.join(tmp, 'osmconf.ini');
    fs.writeFileSync(conf, osmconf());
    const wayIds = nativeOnly.map((id) => id.replace('way/', ''));
    assert.ok(nativeOnly.every((id) => id.startsWith('way/')));
    let lines: ReturnType<typeof nativeQuery>;
    try {
      lines = nativeQuery(`SELECT osm_id FROM lines WHERE osm_id IN (${wayIds.map((w) => `'${w}'`).join(',')})`, [`CONFIG_FILE=${conf}`]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const asLine = new Set(lines.map((l) => `way/${l.properties.osm_id}`));
    for (const f of native) {
      const id = `way/${f.properties.osm_way_id}`;
      if (!nativeOnly.includes(id) || asLine.has(id)) continue;
      const ring = (f.geometry as { coordinates: Position[][][] }).coordinates[0]![0]!;
      assert.ok(new Set(ring.map((p) => p.join())).size < 3, `${id} is not degenerate`);
    }
    for (const l of lines) {
      const c = (l.geometry as { coordinates: Position[] }).coordinates;
      const closed = c.length >= 4 && c[0]![0] === c.at(-1)![0] && c[0]![1] === c.at(-1)![1];
      assert.ok(!closed, `way/${l.properties.osm_id} closes`);
    }

    // 2. GDAL drops a closed way that is the outer ring of a multipolygon relation, even when the
    //    way is a building and the relation is not (or is one in its own right). osmium keeps both.
    const outerRings = new Set<string>();
    for (const f of nativeQuery('SELECT osm_id FROM multipolygons WHERE osm_id IS NOT NULL')) {
      if (f.geometry?.type !== 'MultiPolygon') continue;
      for (const poly of f.geometry.coordinates) outerRings.add(canonicalPolygons({ type: 'Polygon', coordinates: [round7(poly[0]!)] }));
    }
    const byId = new Map(layerOf(ds, 'buildings').map((f) => [String(f.id), f]));
    for (const id of mineOnly) {
      const g = byId.get(id)!.geometry as Geometry;
      assert.ok(id.startsWith('way/') && g.type === 'Polygon' && g.coordinates.length === 1, id);
      assert.ok(outerRings.has(canonicalPolygons(g)) || outerRings.has(canonicalPolygons({ type: 'Polygon', coordinates: [[...g.coordinates[0]!].reverse()] })), id);
    }
  });

  test('every feature has its osm id as id, all its tags, and passes its layer kind\'s attribute check', () => {
    for (const l of ds.layers) {
      const kind = findLayerKind(l.kind!)!;
      for (const f of l.features) {
        assert.deepEqual(checkFeature(kind, f.geometry, f.properties, f.geometry, [-180, -90, 180, 90]).problems, [], String(f.id));
        assert.match(String(f.id), /^(node|way|relation)\/\d+$/);
        assert.equal(f.properties?.osm_id, f.id);
        assert.equal(typeof f.properties?.osm_tags, 'object');
      }
    }
  });
});
