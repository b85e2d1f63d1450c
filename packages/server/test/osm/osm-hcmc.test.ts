// The OSM importer on real data: central Ho Chi Minh City (District 1 and 3), as OSM XML and as
// PBF, against the GeoJSON layers osmium exported from the same file (/work/shared/data/SOURCES.md §1).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Feature } from '@dothi/engine';
import { readOsm } from '../../src/formats/osm/osm-reader.ts';
import type { SourceDataset } from '../../src/formats/types.ts';
import { canonicalPolygons, ellipsoidalArea, inputOf, layerOf, osmiumId, osmiumTags, readOsmium } from './oracle.ts';

const DIR = '/work/shared/data/hcmc-osm';
const XML = `${DIR}/hcmc-d1-d3.osm`;
const PBF = `${DIR}/hcmc-d1-d3.osm.pbf`;
const oracle = (name: string): ReturnType<typeof readOsmium> => readOsmium(`${DIR}/hcmc-d1-d3-${name}.geojson`);

const ids = (features: Feature[]): string[] => features.map((f) => String(f.id)).sort();
const tagsOf = (f: Feature): Record<string, string> => f.properties?.osm_tags as Record<string, string>;

describe('HCMC District 1/3 extract', () => {
  let xml: SourceDataset;
  let pbf: SourceDataset;
  before(async () => {
    const timed = async (p: string): Promise<[SourceDataset, number]> => {
      const t = performance.now();
      const ds = await readOsm(inputOf(p), { maxFeatures: 1_000_000 });
      return [ds, performance.now() - t];
    };
    const [, coldMs] = await timed(XML);
    let xmlMs: number, pbfMs: number;
    [xml, xmlMs] = await timed(XML);
    [pbf, pbfMs] = await timed(PBF);
    console.log(`read times: .osm ${xmlMs.toFixed(0)} ms, .osm.pbf ${pbfMs.toFixed(0)} ms (first read, loading gdal3.js: ${coldMs.toFixed(0)} ms)`);
    console.log(`sectors: ${xml.layers.map((l) => `${l.kind} ${l.features.length}`).join(', ')}`);
  });

  test('XML and PBF give identical layers', () => {
    assert.deepEqual(pbf.layers, xml.layers);
    assert.match(xml.notes[0]!, /OSM XML/);
    assert.match(pbf.notes[0]!, /OSM PBF/);
  });

  test("roads are osmium's 395 highway lines, same ids, same geometry, same tags", () => {
    // osmium exported a closed way that is an area once, as an area, so its roads file holds no
    // area highways; our roads layer takes lines only and our area rules make no plain closed
    // highway way an area. No difference remains: the id sets are equal.
    const want = oracle('roads');
    const roads = layerOf(xml, 'roads');
    assert.equal(want.length, 395);
    assert.deepEqual(ids(roads), want.map(osmiumId).sort());
    const mine = new Map(roads.map((f) => [String(f.id), f]));
    for (const o of want) {
      const f = mine.get(osmiumId(o))!;
      assert.deepEqual(f.geometry, o.geometry, osmiumId(o));
      assert.deepEqual(tagsOf(f), osmiumTags(o), osmiumId(o));
      assert.equal(f.properties?.highway, o.properties.highway);
    }
  });

  test("buildings are osmium's 695 areas: same ids, same rings and winding, same tags", () => {
    const want = oracle('buildings');
    const buildings = layerOf(xml, 'buildings');
    assert.equal(want.length, 695);
    assert.deepEqual(ids(buildings), want.map(osmiumId).sort());
    const mine = new Map(buildings.map((f) => [String(f.id), f]));
    let relations = 0;
    for (const o of want) {
      const f = mine.get(osmiumId(o))!;
      assert.equal(canonicalPolygons(f.geometry!), canonicalPolygons(o.geometry), osmiumId(o));
      // osmium drops type=multipolygon from a relation's tags; we keep every tag as it is in the file.
      const t = { ...tagsOf(f) };
      if (String(f.id).startsWith('relation/')) {
        relations++;
        assert.equal(t.type, 'multipolygon');
        delete t.type;
      }
      assert.deepEqual(t, osmiumTags(o), osmiumId(o));
    }
    assert.equal(relations, 5);
  });

  test('building footprints sum to the documented ~213,700 m² (geodesic, WGS 84 ellipsoid)', () => {
    const total = layerOf(xml, 'buildings').reduce((s, f) => s + ellipsoidalArea(f.geometry!), 0);
    const osmium = oracle('buildings').reduce((s, f) => s + ellipsoidalArea(f.geometry), 0);
    console.log(`building footprint: ${total.toFixed(0)} m² (osmium geometry: ${osmium.toFixed(0)} m²)`);
    assert.ok(Math.abs(total - osmium) < 1e-6 * osmium);
    assert.ok(Math.abs(total - 213_700) < 0.003 * 213_700, `${total}`);
  });

  test('the 43 bus stops are transit stops with mode bus, "Viện Pasteur" among them', () => {
    const want = oracle('bus_stops');
    assert.equal(want.length, 43);
    const stops = new Map(layerOf(xml, 'transit_stops').map((f) => [String(f.id), f]));
    for (const o of want) {
      const f = stops.get(osmiumId(o));
      assert.ok(f, osmiumId(o));
      assert.equal(f.properties?.mode, 'bus');
      assert.deepEqual(f.geometry, o.geometry);
      assert.deepEqual(tagsOf(f), osmiumTags(o));
    }
    const pasteur = [...stops.values()].filter((f) => f.properties?.name === 'Viện Pasteur');
    assert.ok(pasteur.length >= 1);
    assert.equal(pasteur[0]!.properties?.shelter, true);
  });

  test("amenity points are osmium's 307 POIs; schools, hospitals, a clinic and a market are findable", () => {
    const want = oracle('pois');
    const points = layerOf(xml, 'amenities').filter((f) => f.geometry?.type === 'Point');
    assert.deepEqual(ids(points), want.map(osmiumId).sort());
    const named = (cat: string): string[] => layerOf(xml, 'amenities').filter((f) => f.properties?.amenity === cat).map((f) => String(f.properties?.name));
    assert.ok(named('school').includes('Trường Trung học phổ thông Lê Quý Đôn'));
    assert.ok(named('hospital').includes('Bệnh viện Đa khoa Tân Định'));
    assert.ok(named('marketplace').includes('Chợ Tân Định'));
    assert.equal(named('clinic').length, 1);
    assert.ok(layerOf(xml, 'amenities').some((f) => f.properties?.amenity === 'shop:convenience'));
  });

  test("every osmium land-use/leisure/amenity/natural area is a polygon in the sector its tags name", () => {
    const want = oracle('landuse_areas');
    assert.equal(want.length, 61);
    const inSector = (kind: string, id: string): boolean => layerOf(xml, kind).some((f) => f.id === id && f.geometry?.type !== 'Point');
    for (const o of want) {
      const id = osmiumId(o), p = o.properties;
      const kinds = p.landuse ? ['land_use'] : p.leisure === 'park' ? ['green_spaces'] : p.natural === 'water' ? ['water_bodies'] : ['amenities'];
      if (p.landuse === 'grass') kinds.push('green_spaces');
      for (const k of kinds) assert.ok(inSector(k, id), `${id} in ${k}`);
    }
  });

  test('Vietnamese names come through byte for byte', () => {
    const file = fs.readFileSync(XML);
    const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    let checked = 0;
    for (const l of xml.layers) {
      for (const f of l.features) {
        const name = f.properties?.name;
        if (typeof name !== 'string' || !/[^\x00-\x7f]/.test(name)) continue;
        assert.ok(file.includes(Buffer.from(`k="name" v="${xmlText(name)}"`, 'utf8')), `${f.id}: ${name}`);
        checked++;
      }
    }
    assert.ok(checked > 300, `${checked} names checked`);
  });
});
