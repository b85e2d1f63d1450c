// The OSM importer's pure parts: HSTORE tags, tag→sector rules, attribute parsing, area rules,
// geometry normalisation and the file envelope check. No GDAL here.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHstore, HstoreError } from '../../src/formats/osm/osm-tags.ts';
import {
  amenityCategory, parseInteger, parseMetres, parseOneway, parseSpeedKmh, sectorAttributes, transitMode,
} from '../../src/formats/osm/osm-attributes.ts';
import { isAreaWay, ruleMatch, SECTOR_RULES } from '../../src/formats/osm/osm-sectors.ts';
import { classify } from '../../src/formats/osm/osm-reader.ts';
import { closedWayPolygon, normaliseGeometry, ringArea2 } from '../../src/formats/osm/osm-geometry.ts';
import { checkOsmFile, OsmFileProblem } from '../../src/formats/osm/osm-file-check.ts';
import type { RawOsmFeature } from '../../src/formats/osm/osm-gdal.ts';
import type { Geometry, Position } from '@dothi/engine';

const HCMC_PBF = '/work/shared/data/hcmc-osm/hcmc-d1-d3.osm.pbf';
const HCMC_XML = '/work/shared/data/hcmc-osm/hcmc-d1-d3.osm';

describe('HSTORE tags from GDAL', () => {
  test('plain, escaped quotes and backslashes, separators inside values, newlines, Vietnamese', () => {
    const text = String.raw`"name"=>"Đường \"Lê\" Duẩn","note"=>"a\\b, c=>d","k\"q"=>"","desc"=>"line1` + '\nline2"';
    assert.deepEqual(parseHstore(text), { name: 'Đường "Lê" Duẩn', note: 'a\\b, c=>d', 'k"q': '', desc: 'line1\nline2' });
  });
  test('empty text is no tags; a __proto__ key is an ordinary tag', () => {
    assert.deepEqual(parseHstore(''), {});
    const t = parseHstore('"__proto__"=>"x","a"=>"1"');
    assert.equal(Object.getPrototypeOf(t), Object.prototype);
    assert.deepEqual(Object.entries(t), [['__proto__', 'x'], ['a', '1']]);
  });
  test('malformed text is rejected, not half-read', () => {
    for (const bad of ['"a"=>"b', '"a"="b"', '"a"=>"b" "c"=>"d"', 'a=>"b"', '"a"=>"b\\']) {
      assert.throws(() => parseHstore(bad), HstoreError, bad);
    }
  });
});

describe('attribute parsing', () => {
  test('oneway: yes/true/1, -1 reversed, roundabout and motorway implied, unknown null', () => {
    assert.deepEqual(parseOneway({ oneway: 'yes' }), { oneway: true, reversed: false });
    assert.deepEqual(parseOneway({ oneway: '1' }), { oneway: true, reversed: false });
    assert.deepEqual(parseOneway({ oneway: '-1' }), { oneway: true, reversed: true });
    assert.deepEqual(parseOneway({ oneway: 'no' }), { oneway: false, reversed: false });
    assert.deepEqual(parseOneway({ junction: 'roundabout' }), { oneway: true, reversed: false });
    assert.deepEqual(parseOneway({ junction: 'roundabout', oneway: 'no' }), { oneway: false, reversed: false });
    assert.deepEqual(parseOneway({ highway: 'motorway' }), { oneway: true, reversed: false });
    assert.deepEqual(parseOneway({ highway: 'residential' }), { oneway: false, reversed: false });
    assert.deepEqual(parseOneway({ oneway: 'reversible' }), { oneway: null, reversed: false });
  });
  test('speeds, lengths and integers', () => {
    assert.equal(parseSpeedKmh('50'), 50);
    assert.equal(parseSpeedKmh('30 mph'), 48.28);
    assert.equal(parseSpeedKmh('60 km/h'), 60);
    assert.equal(parseSpeedKmh('10 knots'), 18.52);
    assert.equal(parseSpeedKmh('VN:urban'), null);
    assert.equal(parseSpeedKmh('signals'), null);
    assert.equal(parseMetres('7.5'), 7.5);
    assert.equal(parseMetres('12 m'), 12);
    assert.equal(parseMetres('10 ft'), 3.048);
    assert.equal(parseMetres('about 5'), null);
    assert.equal(parseInteger('3'), 3);
    assert.equal(parseInteger('2;3'), null);
    assert.equal(parseInteger('3.5'), null);
  });
  test('amenity categories: amenity value as is, healthcare mapped, other keys prefixed', () => {
    const cat = (tags: Record<string, string>): string => {
      const rule = SECTOR_RULES.find((r) => r.sector === 'amenities')!;
      return amenityCategory(tags, ruleMatch(rule, tags, 'point')!);
    };
    assert.equal(cat({ amenity: 'school' }), 'school');
    assert.equal(cat({ amenity: 'marketplace', shop: 'yes' }), 'marketplace');
    assert.equal(cat({ healthcare: 'clinic' }), 'clinic');
    assert.equal(cat({ healthcare: 'doctor' }), 'doctors');
    assert.equal(cat({ healthcare: 'laboratory' }), 'healthcare:laboratory');
    assert.equal(cat({ shop: 'convenience' }), 'shop:convenience');
    assert.equal(cat({ tourism: 'hotel' }), 'tourism:hotel');
    assert.equal(cat({ leisure: 'sports_centre' }), 'leisure:sports_centre');
  });
  test('transit modes', () => {
    assert.equal(transitMode({ highway: 'bus_stop' }), 'bus');
    assert.equal(transitMode({ railway: 'tram_stop' }), 'tram');
    assert.equal(transitMode({ railway: 'station', station: 'subway' }), 'metro');
    assert.equal(transitMode({ railway: 'halt' }), 'rail');
    assert.equal(transitMode({ amenity: 'ferry_terminal' }), 'ferry');
    assert.equal(transitMode({ public_transport: 'stop_position', bus: 'yes' }), 'bus');
    assert.equal(transitMode({ public_transport: 'platform' }), null);
  });
  test('buildings: building=yes is no use; levels and height parsed', () => {
    const b = sectorAttributes('buildings', { building: 'yes', 'building:levels': '5', height: '18.5 m', name: 'Tòa nhà' }, { key: 'building' });
    assert.deepEqual(b, { use: null, levels: 5, height_m: 18.5, name: 'Tòa nhà' });
    assert.equal(sectorAttributes('buildings', { building: 'school' }, { key: 'building' }).use, 'school');
  });
});

describe('area rules for closed ways (osm-polygon-features)', () => {
  test('keys, whitelists, blacklists and area=yes/no', () => {
    assert.equal(isAreaWay({ building: 'yes' }), true);
    assert.equal(isAreaWay({ building: 'no' }), false);
    assert.equal(isAreaWay({ highway: 'residential' }), false);
    assert.equal(isAreaWay({ highway: 'pedestrian', area: 'yes' }), true);
    assert.equal(isAreaWay({ highway: 'services' }), true);
    assert.equal(isAreaWay({ natural: 'water' }), true);
    assert.equal(isAreaWay({ natural: 'coastline' }), false);
    assert.equal(isAreaWay({ waterway: 'river' }), false);
    assert.equal(isAreaWay({ waterway: 'riverbank' }), true);
    assert.equal(isAreaWay({ barrier: 'fence' }), false);
    assert.equal(isAreaWay({ amenity: 'parking', area: 'no' }), false);
  });
});

const sq: Position[] = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]; // clockwise

describe('geometry normalisation', () => {
  test('rings wound counter-clockwise outside, clockwise inside; one-part multipolygons become polygons', () => {
    const hole: Position[] = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]; // counter-clockwise
    const g = normaliseGeometry({ type: 'MultiPolygon', coordinates: [[sq, hole]] })!;
    assert.equal(g.type, 'Polygon');
    const rings = (g as { coordinates: Position[][] }).coordinates;
    assert.ok(ringArea2(rings[0]!) > 0);
    assert.ok(ringArea2(rings[1]!) < 0);
    const two = normaliseGeometry({ type: 'MultiPolygon', coordinates: [[sq], [sq.map(([x, y]) => [x! + 2, y!])]] })!;
    assert.equal(two.type, 'MultiPolygon');
  });
  test('PBF float noise is rounded to the 1e-7 grid', () => {
    const g = normaliseGeometry({ type: 'Point', coordinates: [106.69598350000001, 10.7846634] }) as { coordinates: Position };
    assert.deepEqual(g.coordinates, [106.6959835, 10.7846634]);
  });
  test('closed ways become polygons, open ways do not', () => {
    assert.equal(closedWayPolygon({ type: 'LineString', coordinates: sq })?.type, 'Polygon');
    assert.equal(closedWayPolygon({ type: 'LineString', coordinates: sq.slice(0, 4) }), null);
    assert.equal(closedWayPolygon({ type: 'LineString', coordinates: [[0, 0], [0, 0]] }), null);
  });
});

describe('classification into sectors', () => {
  const raw = (osmId: string, tags: Record<string, string>, geometry: Geometry): RawOsmFeature => ({ osmId, tags, geometry, tagsMayBeTruncated: false });
  const poly: Geometry = { type: 'Polygon', coordinates: [sq] };
  const pt: Geometry = { type: 'Point', coordinates: [106.7, 10.78] };
  const sectors = (r: RawOsmFeature): string[] => classify(r).map((x) => x.sector).sort();

  test('one OSM feature can be in several sectors, each a separate feature with osm_id and all tags', () => {
    const out = classify(raw('way/1', { building: 'school', amenity: 'school', name: 'Trường Lê Quý Đôn' }, poly));
    assert.deepEqual(out.map((x) => x.sector).sort(), ['amenities', 'buildings']);
    for (const { feature } of out) {
      assert.equal(feature.id, 'way/1');
      assert.equal(feature.properties?.osm_id, 'way/1');
      assert.deepEqual(feature.properties?.osm_tags, { building: 'school', amenity: 'school', name: 'Trường Lê Quý Đôn' });
    }
    assert.notEqual(out[0]!.feature.properties, out[1]!.feature.properties);
    assert.deepEqual(sectors(raw('way/2', { landuse: 'grass' }, poly)), ['green_spaces', 'land_use']);
    assert.deepEqual(sectors(raw('way/3', { landuse: 'reservoir' }, poly)), ['land_use', 'water_bodies']);
  });
  test('green spaces are not amenities, unless drawn as points; ferry terminals are stops only', () => {
    assert.deepEqual(sectors(raw('way/4', { leisure: 'park' }, poly)), ['green_spaces']);
    assert.deepEqual(sectors(raw('node/5', { leisure: 'playground' }, pt)), ['amenities']);
    assert.deepEqual(sectors(raw('node/6', { amenity: 'ferry_terminal' }, pt)), ['transit_stops']);
    assert.deepEqual(sectors(raw('node/7', { highway: 'traffic_signals' }, pt)), []);
    assert.deepEqual(sectors(raw('way/8', { waterway: 'river' }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] })), ['water_bodies']);
    assert.equal(classify(raw('way/9', { natural: 'water', water: 'pond' }, poly))[0]?.feature.properties?.type, 'pond');
  });
});

describe('file envelope check', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-osm-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, data: Buffer | string): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, data);
    return p;
  };
  test('the real files pass and are told apart', async () => {
    assert.equal(await checkOsmFile(HCMC_PBF), 'pbf');
    assert.equal(await checkOsmFile(HCMC_XML), 'xml');
  });
  test('a truncated PBF names the block and the missing bytes', async () => {
    const full = fs.readFileSync(HCMC_PBF);
    const p = write('cut.osm.pbf', full.subarray(0, full.length - 1000));
    // The file has 4 blocks; the last starts at byte 103636 and needs 29891 bytes.
    await assert.rejects(checkOsmFile(p), (e: Error) =>
      e instanceof OsmFileProblem && /truncated/.test(e.message) && /block 4 \(byte 103636 of 132527\)/.test(e.message) && /29891 bytes, 28891 remain/.test(e.message));
  });
  test('a truncated XML, an empty file, gzip and garbage are each named', async () => {
    const xml = fs.readFileSync(HCMC_XML);
    await assert.rejects(checkOsmFile(write('cut.osm', xml.subarray(0, 500_000))), /does not end with the closing <\/osm>/);
    await assert.rejects(checkOsmFile(write('empty.osm', '')), /empty/);
    await assert.rejects(checkOsmFile(write('z.osm', Buffer.from([0x1f, 0x8b, 8, 0]))), /gzip/);
    await assert.rejects(checkOsmFile(write('junk.pbf', Buffer.from('\xff\xff\xff\xffhello', 'latin1'))), /not OSM PBF/);
    await assert.rejects(checkOsmFile(write('other.xml', '<?xml version="1.0"?><kml></kml>')), /not OpenStreetMap XML/);
  });
});
