// The pure-TypeScript readers: GeoJSON, CSV, KML/KMZ, and WKT geometry text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { zipSync } from 'fflate';
import type { Geometry } from '@dothi/engine';
import { readInput } from '../../src/formats/readers.ts';
import { inputFromPaths } from '../../src/formats/detect.ts';
import { parseGeometryWkt, formatGeometryWkt } from '../../src/formats/wkt.ts';
import { fixture, OPTS, ogrRead, rejectsWithCode, source, tmpDir, withoutNulls } from './helpers.ts';

const read = (file: string, opts = OPTS) => readInput(inputFromPaths([file]), opts);
const asCsvValue = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

test('GeoJSON: features, properties and Vietnamese text as in the file; no crs member means WGS 84', async () => {
  const ds = await read(fixture('source', 'roads.geojson'));
  const src = source('roads');
  assert.equal(ds.format, 'geojson');
  assert.equal(ds.encoding, 'UTF-8');
  const layer = ds.layers[0];
  assert.equal(layer?.features.length, 52);
  assert.deepEqual(layer?.features.map((f) => f.properties), src.map((f) => f.properties));
  assert.deepEqual(layer?.features.map((f) => f.geometry), src.map((f) => f.geometry));
  assert.ok(layer?.features.some((f) => f.properties?.name === 'Võ Văn Tần'));
  assert.equal(layer?.crs?.crs?.id, 'EPSG:4326');
  assert.ok(layer?.crs?.note.includes('RFC 7946'));
});

test('GeoJSON: the legacy crs member names EPSG:9210; coordinates stay as written (no reprojection)', async () => {
  const file = fixture('geojson', 'bus_stops_vn2000.geojson');
  const ds = await read(file);
  const layer = ds.layers[0];
  assert.equal(layer?.crs?.crs?.id, 'EPSG:9210');
  assert.ok(layer?.crs?.note.includes('urn:ogc:def:crs:EPSG::9210'));
  assert.deepEqual(layer?.features.map((f) => f.geometry), ogrRead(file).features.map((f) => f.geometry));
  assert.ok(((layer?.features[0]?.geometry as { coordinates: number[] }).coordinates[0] as number) > 600000);
});

test('GeoJSON: broken files fail with coded errors naming the file', async () => {
  const dir = tmpDir();
  const put = (name: string, data: string | Uint8Array): string => {
    fs.writeFileSync(path.join(dir, name), data);
    return path.join(dir, name);
  };
  const text = fs.readFileSync(fixture('source', 'roads.geojson'), 'utf8');
  await rejectsWithCode(read(put('cut.geojson', text.slice(0, text.length / 2))), 'DOTHI_IMPORT_UNREADABLE', ['cut.geojson', 'not valid JSON']);
  await rejectsWithCode(read(put('latin.geojson', new Uint8Array([0x7b, 0x22, 0xe0, 0x22, 0x3a, 0x31, 0x7d]))), 'DOTHI_IMPORT_ENCODING', ['latin.geojson', 'UTF-8']);
  await rejectsWithCode(read(put('list.geojson', '{"type":"Topology"}')), 'DOTHI_IMPORT_UNREADABLE', ['list.geojson', 'Topology']);
  await rejectsWithCode(read(fixture('source', 'roads.geojson'), { maxFeatures: 10 }), 'DOTHI_IMPORT_TOO_MANY_FEATURES', ['roads.geojson']);
  const bare = await read(put('point.geojson', '{"type":"Point","coordinates":[106.7,10.78]}'));
  assert.deepEqual(bare.layers[0]?.features[0]?.geometry, { type: 'Point', coordinates: [106.7, 10.78] });
});

test('CSV X/Y and Vietnamese kinh_do/vi_do with ; and a BOM: points and text as the source, values as strings', async () => {
  const src = source('bus_stops');
  for (const f of ['bus_stops_xy.csv', 'bus_stops_kinhdo.csv']) {
    const ds = await read(fixture('csv', f));
    const feats = ds.layers[0]?.features ?? [];
    assert.equal(feats.length, 43, f);
    assert.equal(ds.encoding, 'UTF-8');
    assert.deepEqual(feats.map((x) => x.geometry), src.map((x) => x.geometry), f);
    assert.deepEqual(feats.map((x) => x.properties), src.map((x) => Object.fromEntries(Object.entries(x.properties).map(([k, v]) => [k, asCsvValue(v)]))), f);
    assert.equal(feats[0]?.properties?.name, 'Viện Pasteur');
    assert.equal(ds.layers[0]?.crs, null);
  }
});

test('CSV with a WKT column: geometries equal the source', async () => {
  const ds = await read(fixture('csv', 'roads_wkt.csv'));
  const src = source('roads');
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.geometry), src.map((f) => f.geometry));
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.properties?.name), src.map((f) => asCsvValue(f.properties.name)));
  assert.ok(ds.notes[0]?.includes('WKT'));
});

test('CSV rows with blank or unreadable coordinates come through with geometry null, and the notes say which', async () => {
  const dir = tmpDir();
  const lines = fs.readFileSync(fixture('csv', 'bus_stops_xy.csv'), 'utf8').split('\n');
  lines[2] = lines[2]?.replace(/^[^,]*,[^,]*,/, ',,') ?? '';
  lines[3] = lines[3]?.replace(/^[^,]*,/, 'kinh độ?,') ?? '';
  const file = path.join(dir, 'gaps.csv');
  fs.writeFileSync(file, lines.join('\n'));
  const ds = await read(file);
  const feats = ds.layers[0]?.features ?? [];
  assert.equal(feats.length, 43);
  assert.equal(feats[1]?.geometry, null);
  assert.equal(feats[2]?.geometry, null);
  assert.equal(feats[1]?.properties?.name, 'Trần Quốc Toản');
  assert.notEqual(feats[3]?.geometry, null);
  const note = ds.notes.find((n) => n.includes('no geometry')) ?? '';
  assert.ok(note.includes('row 2') && note.includes('row 3') && note.includes('kinh độ?'), note);
  // A WKT that is not WKT, and an empty one.
  fs.writeFileSync(path.join(dir, 'w.csv'), 'wkt;ten\nPOINT (106.7 10.78);Chợ Bến Thành\nPOINT (106.7);x\n;y\nLINESTRUNG (1 2, 3 4);z\n');
  const w = await read(path.join(dir, 'w.csv'));
  assert.deepEqual(w.layers[0]?.features.map((f) => f.geometry?.type ?? null), ['Point', null, null, null]);
  assert.equal(w.layers[0]?.features[0]?.properties?.ten, 'Chợ Bến Thành');
});

test('CSV: decimal commas with ;, headers with diacritics, no geometry columns, and non-UTF-8 text', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'dc.csv'), 'Tên;Kinh độ;Vĩ độ\nNhà thờ Đức Bà;106,699;10,7798\n');
  const dc = await read(path.join(dir, 'dc.csv'));
  assert.deepEqual(dc.layers[0]?.features[0]?.geometry, { type: 'Point', coordinates: [106.699, 10.7798] });
  fs.writeFileSync(path.join(dir, 'none.csv'), 'name,street\nA,B\n');
  await rejectsWithCode(read(path.join(dir, 'none.csv')), 'DOTHI_IMPORT_CSV_NO_GEOMETRY', ['none.csv', 'name, street']);
  // Windows-1258, made with the system iconv (which writes Vietnamese tones as combining marks).
  const cp1258 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP1258', fixture('csv', 'bus_stops_xy.csv')]);
  fs.writeFileSync(path.join(dir, 'vn.csv'), cp1258);
  await rejectsWithCode(read(path.join(dir, 'vn.csv')), 'DOTHI_IMPORT_ENCODING', ['vn.csv', 'cp1258']);
  const vn = await read(path.join(dir, 'vn.csv'), { ...OPTS, encoding: 'cp1258' });
  assert.equal(vn.encoding, 'CP1258');
  assert.deepEqual(vn.layers[0]?.features.map((f) => f.properties?.name), source('bus_stops').map((f) => f.properties.name));
});

test('KML: ExtendedData attributes, names and points as the source; Debian GDAL reads the same values', async () => {
  const file = fixture('kml', 'bus_stops.kml');
  const ds = await read(file);
  const src = source('bus_stops');
  const feats = ds.layers[0]?.features ?? [];
  assert.equal(ds.layers.length, 1);
  assert.equal(ds.layers[0]?.name, 'bus_stops');
  assert.equal(ds.layers[0]?.crs?.crs?.id, 'EPSG:4326');
  // GDAL's KML writer leaves null values out.
  assert.deepEqual(feats.map((f) => f.properties), src.map((f) => withoutNulls(f.properties)));
  assert.deepEqual(feats.map((f) => f.geometry), src.map((f) => f.geometry));
  const oracle = ogrRead(file).features;
  assert.deepEqual(feats.map((f) => [f.properties?.shelter ?? null, f.properties?.osm_id]), oracle.map((f) => [f.properties.shelter ?? null, f.properties.osm_id]));
  // The same document zipped as a KMZ.
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'stops.kmz'), zipSync({ 'doc.kml': new Uint8Array(fs.readFileSync(file)) }));
  const kmz = await read(path.join(dir, 'stops.kmz'));
  assert.deepEqual(kmz.layers[0]?.features, feats);
  fs.writeFileSync(path.join(dir, 'bad.kml'), '<?xml version="1.0"?><kml><Document><Placemark><name>x</name></Document></kml>');
  await rejectsWithCode(read(path.join(dir, 'bad.kml')), 'DOTHI_IMPORT_UNREADABLE', ['bad.kml']);
});

test('WKT: every geometry type parses, and formatting gives back the same doubles', () => {
  const cases: Geometry[] = [
    { type: 'Point', coordinates: [106.6884993, 10.7853989] },
    { type: 'Point', coordinates: [1, 2, 3] },
    { type: 'LineString', coordinates: [[0.1, 0.2], [1e-7, -3.5]] },
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.2], [0.3, 0.2], [0.3, 0.3], [0.2, 0.2]]] },
    { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] },
    { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] },
    { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] },
    { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] },
  ];
  for (const g of cases) assert.deepEqual(parseGeometryWkt(formatGeometryWkt(g)), g);
  assert.deepEqual(parseGeometryWkt('MULTIPOINT (1 2, 3 4)'), { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
  assert.deepEqual(parseGeometryWkt('SRID=4326;point z (1 2 3)'), { type: 'Point', coordinates: [1, 2, 3] });
  assert.equal(parseGeometryWkt('POINT EMPTY'), null);
  assert.throws(() => parseGeometryWkt('POLYGON ((0 0, 1 1)'), /expected/);
  assert.throws(() => parseGeometryWkt('CIRCLE (1 2)'), /unknown geometry type/);
});
