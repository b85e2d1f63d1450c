// detect: formats from extension and first bytes, grouping of loose parts, zips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { detectFormat, groupParts, inputFromPaths } from '../../src/formats/detect.ts';
import type { FormatId } from '../../src/formats/types.ts';
import { copyTo, fixture, tmpDir } from './helpers.ts';

test('every fixture is detected as its format', () => {
  const cases: Array<[string, FormatId]> = [
    [fixture('source', 'roads.geojson'), 'geojson'],
    [fixture('csv', 'roads_wkt.csv'), 'csv'],
    [fixture('shp-vn2000', 'bus_stops.shp'), 'shapefile'],
    [fixture('shp-zip', 'roads.zip'), 'shapefile'],
    [fixture('gpkg', 'hcmc.gpkg'), 'geopackage'],
    [fixture('kml', 'bus_stops.kml'), 'kml'],
    [fixture('mapinfo', 'roads.tab'), 'mapinfo'],
    [fixture('dxf', 'hcmc.dxf'), 'dxf'],
  ];
  for (const [file, format] of cases) assert.equal(detectFormat(inputFromPaths([file])), format, file);
});

test('a lone .shp brings its side files from disk, main file first', () => {
  const input = inputFromPaths([fixture('shp-vn2000', 'bus_stops.shp')]);
  assert.equal(input.name, 'bus_stops.shp');
  assert.equal(input.parts[0]?.name, 'bus_stops.shp');
  assert.deepEqual(input.parts.map((p) => p.name).sort(), ['bus_stops.cpg', 'bus_stops.dbf', 'bus_stops.prj', 'bus_stops.shp', 'bus_stops.shx']);
  const tab = inputFromPaths([fixture('mapinfo', 'roads.tab')]);
  assert.deepEqual(tab.parts.map((p) => p.name).sort(), ['roads.dat', 'roads.id', 'roads.map', 'roads.tab']);
});

test('loose parts given in any order group by stem, case-insensitively; two datasets are refused', () => {
  const parts = [
    { name: 'ROADS.DBF', path: '/x/1' }, { name: 'roads.shx', path: '/x/2' }, { name: 'Roads.shp', path: '/x/3' },
    { name: 'stops.tab', path: '/x/4' }, { name: 'stops.dat', path: '/x/5' }, { name: 'extra.csv', path: '/x/6' },
  ];
  const groups = groupParts(parts);
  assert.deepEqual(groups.map((g) => g.parts.map((p) => p.name)), [['Roads.shp', 'ROADS.DBF', 'roads.shx'], ['stops.tab', 'stops.dat'], ['extra.csv']]);
  const dir = tmpDir();
  const files = copyTo(dir, [fixture('shp-vn2000', 'bus_stops.shp'), fixture('source', 'roads.geojson')]);
  assert.throws(() => inputFromPaths(files), (e: { code?: string; message: string }) => e.code === 'DOTHI_USAGE' && e.message.includes('one dataset'));
});

test('side files without their .shp, empty files, wrong extensions, unknown formats: coded errors naming the file', () => {
  const dir = tmpDir();
  const [dbf] = copyTo(dir, [fixture('shp-vn2000', 'bus_stops.dbf')]);
  assert.throws(() => detectFormat(inputFromPaths([dbf as string])), (e: { code?: string; message: string }) =>
    e.code === 'DOTHI_IMPORT_MISSING_PART' && e.message.includes('bus_stops.dbf') && e.message.includes('.shp'));
  fs.writeFileSync(path.join(dir, 'empty.geojson'), '');
  assert.throws(() => detectFormat(inputFromPaths([path.join(dir, 'empty.geojson')])), { code: 'DOTHI_IMPORT_EMPTY' });
  // A CSV renamed .shp, and a GeoJSON renamed .gpkg.
  copyTo(dir, [[fixture('csv', 'roads_wkt.csv'), 'fake.shp'], [fixture('source', 'roads.geojson'), 'fake.gpkg']]);
  assert.throws(() => detectFormat({ name: 'fake.shp', parts: [{ name: 'fake.shp', path: path.join(dir, 'fake.shp') }] }),
    (e: { code?: string; message: string }) => e.code === 'DOTHI_IMPORT_UNREADABLE' && e.message.includes('fake.shp') && e.message.includes('9994'));
  assert.throws(() => detectFormat({ name: 'fake.gpkg', parts: [{ name: 'fake.gpkg', path: path.join(dir, 'fake.gpkg') }] }),
    (e: { code?: string; message: string }) => e.code === 'DOTHI_IMPORT_UNREADABLE' && e.message.includes('SQLite'));
  fs.writeFileSync(path.join(dir, 'notes.bin'), 'plain words, no geometry');
  assert.throws(() => detectFormat(inputFromPaths([path.join(dir, 'notes.bin')])), { code: 'DOTHI_IMPORT_FORMAT_UNKNOWN' });
  // A file without extension is sniffed from its content.
  copyTo(dir, [[fixture('kml', 'bus_stops.kml'), 'upload-1234']]);
  assert.equal(detectFormat(inputFromPaths([path.join(dir, 'upload-1234')])), 'kml');
});

test('zips: a MapInfo table, a zip without .shp, a zip mixing formats, a corrupt zip', () => {
  const dir = tmpDir();
  const read = (f: string): Uint8Array => new Uint8Array(fs.readFileSync(f));
  const write = (name: string, files: Record<string, Uint8Array>): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, zipSync(files));
    return p;
  };
  const tab = write('tab.zip', Object.fromEntries(['tab', 'dat', 'map', 'id'].map((e) => [`data/roads.${e}`, read(fixture('mapinfo', `roads.${e}`))])));
  assert.equal(detectFormat(inputFromPaths([tab])), 'mapinfo');
  const noShp = write('noshp.zip', { 'roads.dbf': read(fixture('shp-cp1258', 'roads.dbf')), 'roads.shx': read(fixture('shp-cp1258', 'roads.shx')) });
  assert.throws(() => detectFormat(inputFromPaths([noShp])), (e: { code?: string; message: string }) =>
    e.code === 'DOTHI_IMPORT_MISSING_PART' && e.message.includes('noshp.zip') && e.message.includes('.shp'));
  const mixed = write('mixed.zip', { 'a.shp': read(fixture('shp-cp1258', 'roads.shp')), 'b.tab': read(fixture('mapinfo', 'roads.tab')) });
  assert.throws(() => detectFormat(inputFromPaths([mixed])), (e: { code?: string; message: string }) => e.code === 'DOTHI_IMPORT_UNREADABLE' && e.message.includes('one format per zip'));
  const corrupt = path.join(dir, 'corrupt.zip');
  fs.writeFileSync(corrupt, read(fixture('shp-zip', 'roads.zip')).subarray(0, 300));
  assert.throws(() => detectFormat(inputFromPaths([corrupt])), (e: { code?: string; message: string }) =>
    e.code === 'DOTHI_IMPORT_UNREADABLE' && e.message.includes('corrupt.zip'));
});
