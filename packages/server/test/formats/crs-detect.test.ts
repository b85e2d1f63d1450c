// crs-detect: definitions written by Debian's GDAL/PROJ (fixtures/formats/crs, README) and by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { detectCrsFromName, detectCrsFromWkt, crsParamsFromWkt } from '../../src/formats/crs-detect.ts';
import { parseWkt } from '../../src/formats/crs-wkt.ts';
import { fixture } from './helpers.ts';

const read = (f: string): string => fs.readFileSync(fixture('crs', f), 'utf8');
const NO_SHIFT = "the file's definition has no datum shift; applied EPSG:6960";

test('the Vietnamese ESRI .prj (VN-2000 TM-3 105°45′, no datum shift) maps to EPSG:9210 and says the shift was applied', () => {
  const d = detectCrsFromWkt(fs.readFileSync(fixture('shp-vn2000', 'bus_stops.prj'), 'utf8'), 'bus_stops.prj');
  assert.equal(d.crs?.id, 'EPSG:9210');
  assert.ok(d.note.includes(NO_SHIFT), d.note);
  assert.ok(d.note.startsWith('bus_stops.prj'), d.note);
  assert.ok(d.definition?.includes('D_Vietnam_2000'));
});

test('every TM-3 meridian maps to its zone; one that is no zone is not guessed', () => {
  const prj = (cm: number, k = 0.9999): string =>
    `PROJCS["x",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",${k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
  const zones: Array<[number, string]> = [[102, 'EPSG:5896'], [104.5, 'EPSG:9207'], [105, 'EPSG:5897'], [105.75, 'EPSG:9210'], [107.75, 'EPSG:5899'], [108.5, 'EPSG:9218']];
  for (const [cm, id] of zones) assert.equal(detectCrsFromWkt(prj(cm), 'x.prj').crs?.id, id, `meridian ${cm}`);
  const none = detectCrsFromWkt(prj(106.1), 'x.prj');
  assert.equal(none.crs, undefined);
  assert.ok(none.note.includes('no VN-2000 TM-3 zone has central meridian 106.1'), none.note);
  assert.ok(none.definition);
  // Same projection with the UTM scale on meridian 105 is VN-2000 UTM 48N.
  assert.equal(detectCrsFromWkt(prj(105, 0.9996), 'x.prj').crs?.id, 'EPSG:3405');
  assert.equal(detectCrsFromWkt(prj(111, 0.9996), 'x.prj').crs?.id, 'EPSG:3406');
});

test('ESRI WKT from PROJ: VN-2000 UTM 48N, WGS 84 UTM 48N, WGS 84 geographic', () => {
  const utm = detectCrsFromWkt(read('esri-vn2000-utm48.prj'), 'a.prj');
  assert.equal(utm.crs?.id, 'EPSG:3405');
  assert.ok(utm.note.includes(NO_SHIFT), utm.note);
  const wutm = detectCrsFromWkt(read('esri-wgs84-utm48.prj'), 'b.prj');
  assert.equal(wutm.crs?.id, 'EPSG:32648');
  assert.ok(!wutm.note.includes('EPSG:6960'));
  assert.equal(detectCrsFromWkt(read('esri-wgs84.prj'), 'c.prj').crs?.id, 'EPSG:4326');
});

test('a TM-3 projection on a datum named WGS 84 is not silently taken for VN-2000, but the note names the zone', () => {
  const d = detectCrsFromWkt(read('esri-wgs84-tm3.prj'), 'w.prj');
  assert.equal(d.crs, undefined);
  assert.ok(d.note.includes('declare EPSG:9210'), d.note);
});

test('Hanoi 1972 (Krasovsky) is not in the registry: definition kept, no crs', () => {
  const d = detectCrsFromWkt(read('esri-hanoi72-gk18.prj'), 'h.prj');
  assert.equal(d.crs, undefined);
  assert.ok(d.definition?.includes('Hanoi_1972'));
  assert.ok(d.note.includes('neither VN-2000 nor WGS 84'), d.note);
});

test('WKT2 with an EPSG id, and WKT2 BOUNDCRS / WKT1 TOWGS84 carrying EPSG:6960 itself', () => {
  const byId = detectCrsFromWkt(read('wkt2-epsg9210.wkt'), 'g');
  assert.equal(byId.crs?.id, 'EPSG:9210');
  assert.ok(byId.note.includes('names EPSG:9210'), byId.note);
  for (const f of ['wkt2-bound-tm3-107.75.wkt', 'wkt1-towgs84-tm3-107.75.wkt']) {
    const d = detectCrsFromWkt(read(f), f);
    assert.equal(d.crs?.id, 'EPSG:5899', f);
    assert.ok(d.note.includes("the file's datum shift is EPSG:6960's"), `${f}: ${d.note}`);
  }
  const p = crsParamsFromWkt(read('wkt2-bound-tm3-107.75.wkt'));
  // PROJ writes the scale as the multiplier 1.00000025290628 (15 digits), so ppm comes back to ~1e-8.
  assert.deepEqual(p.towgs84?.slice(0, 6).map((v) => Number(v.toFixed(9))), [-191.90441429, -39.30318279, -111.45032835, 0.00928836, -0.01975479, 0.00427372]);
  assert.ok(Math.abs((p.towgs84?.[6] ?? 0) - 0.252906278) < 1e-7, String(p.towgs84?.[6]));
});

test("EPSG's rotation signs copied unflipped into TOWGS84: still the zone, and the note shows the difference", () => {
  const d = detectCrsFromWkt(read('wkt1-unflipped-tm3-107.75.wkt'), 'u');
  assert.equal(d.crs?.id, 'EPSG:5899');
  assert.ok(/datum shift \(-191\.90441429, -39\.30318279, -111\.45032835, -0\.00928836, 0\.01975479, -0\.00427372, 0\.252906278\) differs from EPSG:6960/.test(d.note), d.note);
});

test('unparseable text is reported, not thrown', () => {
  const d = detectCrsFromWkt('PROJCS["broken",GEOGCS[', 'bad.prj');
  assert.equal(d.crs, undefined);
  assert.ok(d.note.includes('could not parse'), d.note);
  assert.throws(() => parseWkt('PROJCS["a"] trailing'), /unexpected text/);
});

test('names: EPSG codes, OGC URNs and CRS84', () => {
  assert.equal(detectCrsFromName('urn:ogc:def:crs:EPSG::9210', 'f').crs?.id, 'EPSG:9210');
  assert.equal(detectCrsFromName('EPSG:32648', 'f').crs?.id, 'EPSG:32648');
  assert.equal(detectCrsFromName('urn:ogc:def:crs:OGC:1.3:CRS84', 'f').crs?.id, 'EPSG:4326');
  const unknown = detectCrsFromName('EPSG:2154', 'f');
  assert.equal(unknown.crs, undefined);
  assert.equal(unknown.definition, 'EPSG:2154');
});
