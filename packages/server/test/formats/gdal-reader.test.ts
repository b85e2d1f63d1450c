// The gdal3.js-backed readers against fixtures written by Debian's GDAL, with Debian's ogr2ogr
// reading the same files as the oracle for coordinates (nothing is reprojected on read).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { getCrs, transformer } from '@dothi/engine';
import type { Properties } from '@dothi/engine';
import { readInput } from '../../src/formats/readers.ts';
import { inputFromPaths } from '../../src/formats/detect.ts';
import { copyTo, fixture, OPTS, ogrRead, rejectsWithCode, source, tmpDir } from './helpers.ts';

const read = (files: string[], opts = OPTS) => readInput(inputFromPaths(files), opts);
const shpParts = (dir: string, stem: string, exts: string[]): string[] => exts.map((e) => fixture(dir, `${stem}.${e}`));
const nullToEmpty = (p: Properties): Properties => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? '' : v]));

test('Shapefile in VN-2000 TM-3 105°45′ with an ESRI .prj: EPSG:9210 with the datum-shift note, coordinates as stored', async () => {
  const file = fixture('shp-vn2000', 'bus_stops.shp');
  const ds = await read([file]);
  const src = source('bus_stops');
  const layer = ds.layers[0];
  assert.equal(ds.format, 'shapefile');
  assert.equal(layer?.name, 'bus_stops');
  assert.equal(layer?.features.length, 43);
  assert.deepEqual(layer?.features.map((f) => f.properties), src.map((f) => f.properties));
  assert.equal(layer?.features[0]?.properties?.name, 'Viện Pasteur');
  assert.equal(layer?.crs?.crs?.id, 'EPSG:9210');
  assert.ok(layer?.crs?.note.includes("the file's definition has no datum shift; applied EPSG:6960"), layer?.crs?.note);
  assert.deepEqual(layer?.features.map((f) => f.geometry), ogrRead(file).features.map((f) => f.geometry));
  // Read back through the registry's EPSG:9210 the points are the source's (the fixture was made with EPSG:6960).
  const toWgs = transformer(getCrs('EPSG:9210'), getCrs('EPSG:4326'));
  layer?.features.forEach((f, i) => {
    const [x, y] = (f.geometry as { coordinates: number[] }).coordinates as [number, number];
    const [lon, lat] = (src[i]?.geometry as { coordinates: number[] }).coordinates as [number, number];
    const [l2, b2] = toWgs(x, y);
    assert.ok(Math.abs(l2 - lon) < 1e-8 && Math.abs(b2 - lat) < 1e-8, `feature ${i}: ${l2},${b2} vs ${lon},${lat}`);
  });
  assert.equal(ds.encoding, 'UTF-8');
  assert.ok(ds.notes.some((n) => n.includes(".cpg says UTF-8")), ds.notes.join(' | '));
});

test('loose parts uploaded under other names are read by their given names', async () => {
  const dir = tmpDir();
  const parts = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e, i) => {
    const p = path.join(dir, `upload-${i}`);
    fs.copyFileSync(fixture('shp-vn2000', `bus_stops.${e}`), p);
    return { name: `bus_stops.${e}`, path: p };
  });
  const ds = await readInput({ name: 'bus_stops.shp', parts }, OPTS);
  assert.equal(ds.layers[0]?.features.length, 43);
  assert.equal(ds.layers[0]?.crs?.crs?.id, 'EPSG:9210');
});

test('zipped Shapefile (WGS 84, UTF-8): attributes and coordinates equal the source', async () => {
  const ds = await read([fixture('shp-zip', 'roads.zip')]);
  const src = source('roads');
  const layer = ds.layers[0];
  assert.equal(layer?.name, 'roads');
  assert.deepEqual(layer?.features.map((f) => f.properties), src.map((f) => f.properties));
  assert.deepEqual(layer?.features.map((f) => f.geometry), src.map((f) => f.geometry));
  assert.ok(layer?.features.some((f) => f.properties?.name === 'Võ Văn Tần'));
  assert.equal(layer?.crs?.crs?.id, 'EPSG:4326');
});

test('Shapefile in Windows-1258 declared by its .cpg: Vietnamese text equals the source, including the last letter', async () => {
  const ds = await read([fixture('shp-cp1258', 'roads.shp')]);
  assert.equal(ds.encoding, 'CP1258');
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.properties), source('roads').map((f) => f.properties));
  assert.ok(ds.notes.some((n) => n.includes('.cpg says CP1258')));
});

test('the same DBF without its .cpg: refused as not UTF-8 unless the import names the encoding', async () => {
  const dir = tmpDir();
  const files = copyTo(dir, shpParts('shp-cp1258', 'roads', ['shp', 'shx', 'dbf', 'prj']));
  await rejectsWithCode(read(files), 'DOTHI_IMPORT_ENCODING', ['roads.shp', 'not UTF-8', 'cp1258']);
  const ds = await read(files, { ...OPTS, encoding: 'cp1258' });
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.properties?.name), source('roads').map((f) => f.properties.name));
  assert.ok(ds.notes.some((n) => n.includes('used CP1258 as given for the import')), ds.notes.join(' | '));
});

test('Shapefile in Windows-1252 declared only by the DBF language driver byte', async () => {
  const ds = await read([fixture('shp-ldid', 'pois.shp')]);
  assert.equal(ds.encoding, 'CP1252');
  const names = ds.layers[0]?.features.map((f) => f.properties?.name);
  assert.deepEqual(names, source('pois_cp1252').map((f) => f.properties.name));
  assert.ok(names?.includes('Quán Bar Mary Jane’s') && names.includes('Kosala – Chón Bình Yên'));
  assert.ok(ds.notes.some((n) => n.includes('language driver 0x03')), ds.notes.join(' | '));
});

test('GeoPackage: both layers, each with its CRS; fids kept as ids', async () => {
  const file = fixture('gpkg', 'hcmc.gpkg');
  const ds = await read([file]);
  assert.deepEqual(ds.layers.map((l) => [l.name, l.features.length, l.crs?.crs?.id]), [['bus_stops', 43, 'EPSG:4326'], ['landuse', 61, 'EPSG:32648']]);
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.properties), source('bus_stops').map((f) => f.properties));
  assert.deepEqual(ds.layers[0]?.features.map((f) => f.geometry), source('bus_stops').map((f) => f.geometry));
  assert.deepEqual(ds.layers[1]?.features.map((f) => f.properties), source('landuse').map((f) => f.properties));
  assert.deepEqual(ds.layers[1]?.features.map((f) => f.geometry), ogrRead(file, 'landuse').features.map((f) => f.geometry));
  assert.deepEqual(ds.layers[1]?.features.slice(0, 3).map((f) => f.id), [1, 2, 3]);
});

test('MapInfo TAB with a VN-2000 shift in MapInfo form: EPSG:9210, and the note shows how the shift differs', async () => {
  const file = fixture('mapinfo', 'roads.tab');
  const ds = await read([file]);
  const layer = ds.layers[0];
  assert.equal(layer?.features.length, 52);
  // MapInfo has no null: empty strings stand for the source's nulls.
  assert.deepEqual(layer?.features.map((f) => f.properties), source('roads').map((f) => nullToEmpty(f.properties)));
  assert.deepEqual(layer?.features.map((f) => f.geometry), ogrRead(file).features.map((f) => f.geometry));
  assert.equal(layer?.crs?.crs?.id, 'EPSG:9210');
  assert.ok(layer?.crs?.note.includes('differs from EPSG:6960'), layer?.crs?.note);
});

test('MapInfo TAB and MIF declaring WindowsLatin1: attributes decoded as Windows-1252', async () => {
  const expected = source('pois_cp1252').map((f) => nullToEmpty(f.properties));
  for (const f of ['pois.tab', 'pois.mif']) {
    const file = fixture('mapinfo-cp1252', f);
    const ds = await read([file]);
    assert.equal(ds.encoding, 'CP1252', f);
    assert.deepEqual(ds.layers[0]?.features.map((x) => x.properties), expected, f);
    assert.deepEqual(ds.layers[0]?.features.map((x) => x.geometry), ogrRead(file).features.map((x) => x.geometry), f);
    assert.ok(ds.notes.some((n) => n.includes('WindowsLatin1')), f);
  }
  // The fixture itself is untouched: only the staged copy's charset is rewritten.
  assert.ok(fs.readFileSync(fixture('mapinfo-cp1252', 'pois.mif'), 'latin1').includes('Charset "WindowsLatin1"'));
});

test('DXF: road polylines on their CAD layers, bus stop labels with their Vietnamese names', async () => {
  const file = fixture('dxf', 'hcmc.dxf');
  const ds = await read([file]);
  const feats = ds.layers[0]?.features ?? [];
  assert.equal(feats.length, 52 + 43);
  assert.equal(ds.layers[0]?.crs, null);
  assert.deepEqual(feats.slice(0, 52).map((f) => f.properties?.Layer), source('roads').map((f) => f.properties.highway));
  assert.deepEqual(feats.slice(52).map((f) => f.properties?.Text), source('bus_stops').map((f) => f.properties.name));
  assert.deepEqual(feats.map((f) => f.geometry), ogrRead(file).features.map((f) => f.geometry));
});

test('DXF code pages: 2007+ drawings are UTF-8; a CP1258 drawing is refused rather than read damaged', async () => {
  const dir = tmpDir();
  const text = fs.readFileSync(fixture('dxf', 'hcmc.dxf'), 'latin1');
  const v2007 = path.join(dir, 'v2007.dxf');
  fs.writeFileSync(v2007, text.replace('AC1018', 'AC1021'), 'latin1');
  const ds = await read([v2007]);
  assert.equal(ds.encoding, 'UTF-8');
  assert.equal(ds.layers[0]?.features[52]?.properties?.Text, 'Viện Pasteur');
  const vn = path.join(dir, 'vn.dxf');
  fs.writeFileSync(vn, text.replace('ANSI_1252', 'ANSI_1258'), 'latin1');
  await rejectsWithCode(read([vn]), 'DOTHI_IMPORT_ENCODING', ['vn.dxf', 'ANSI_1258']);
});

test('two reads at once share gdal3.js safely', async () => {
  const [a, b] = await Promise.all([read([fixture('shp-vn2000', 'bus_stops.shp')]), read([fixture('gpkg', 'hcmc.gpkg')])]);
  assert.equal(a.layers[0]?.features[0]?.properties?.name, 'Viện Pasteur');
  assert.equal(b.layers[1]?.features.length, 61);
});

test('broken Shapefiles fail with coded errors naming the file and what is wrong', async () => {
  const dir = tmpDir();
  const all = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
  const cut = path.join(dir, 'cut');
  fs.mkdirSync(cut);
  const files = copyTo(cut, shpParts('shp-vn2000', 'bus_stops', all));
  fs.truncateSync(files[0] as string, 700);
  await rejectsWithCode(read(files), 'DOTHI_IMPORT_UNREADABLE', ['bus_stops.shp', 'truncated', '1304']);

  const noDbf = path.join(dir, 'nodbf');
  fs.mkdirSync(noDbf);
  await rejectsWithCode(read(copyTo(noDbf, shpParts('shp-vn2000', 'bus_stops', ['shp', 'shx', 'prj']))), 'DOTHI_IMPORT_MISSING_PART', ['bus_stops.shp', '.dbf']);
  const noShx = path.join(dir, 'noshx');
  fs.mkdirSync(noShx);
  await rejectsWithCode(read(copyTo(noShx, shpParts('shp-vn2000', 'bus_stops', ['shp', 'dbf']))), 'DOTHI_IMPORT_MISSING_PART', ['bus_stops.shp', '.shx']);

  const dbfCut = path.join(dir, 'dbfcut');
  fs.mkdirSync(dbfCut);
  const f2 = copyTo(dbfCut, shpParts('shp-vn2000', 'bus_stops', all));
  fs.truncateSync(f2[2] as string, 5000);
  await rejectsWithCode(read(f2), 'DOTHI_IMPORT_UNREADABLE', ['bus_stops.dbf', 'truncated', '43 records']);

  await rejectsWithCode(read([fixture('shp-vn2000', 'bus_stops.shp')], { maxFeatures: 40 }), 'DOTHI_IMPORT_TOO_MANY_FEATURES', ['bus_stops.shp', '40']);

  // Zips: one holding only the .dbf and .shx, one whose Shapefile lacks its .dbf.
  const entry = (e: string): [string, Uint8Array] => [`roads/roads.${e}`, new Uint8Array(fs.readFileSync(fixture('shp-cp1258', `roads.${e}`)))];
  const noShpZip = path.join(dir, 'no-shp.zip');
  fs.writeFileSync(noShpZip, zipSync(Object.fromEntries([entry('dbf'), entry('shx')])));
  await rejectsWithCode(read([noShpZip]), 'DOTHI_IMPORT_MISSING_PART', ['no-shp.zip', '.shp']);
  const noDbfZip = path.join(dir, 'no-dbf.zip');
  fs.writeFileSync(noDbfZip, zipSync(Object.fromEntries([entry('shp'), entry('shx'), entry('prj')])));
  await rejectsWithCode(read([noDbfZip]), 'DOTHI_IMPORT_MISSING_PART', ['roads.shp', '.dbf']);
});

test('a truncated GeoPackage fails with a coded error naming it', async () => {
  const dir = tmpDir();
  const [gpkg] = copyTo(dir, [fixture('gpkg', 'hcmc.gpkg')]);
  fs.truncateSync(gpkg as string, 20000);
  await rejectsWithCode(read([gpkg as string]), 'DOTHI_IMPORT_UNREADABLE', ['hcmc.gpkg', 'GeoPackage']);
});
