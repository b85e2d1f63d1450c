// Exports: every format read back by dothi's readers and by Debian's GDAL, with the provenance in
// each, Vietnamese text intact, and reprojection done by the registry (checked against PROJ).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { getCrs } from '@dothi/engine';
import type { Feature } from '@dothi/engine';
import { exportLayer } from '../../src/formats/export/index.ts';
import type { ExportFormat, ExportMeta } from '../../src/formats/export/index.ts';
import { readInput } from '../../src/formats/readers.ts';
import { inputFromPaths } from '../../src/formats/detect.ts';
import { fixture, OPTS, ogrInfo, ogrRead, rejectsWithCode, source, tmpDir } from './helpers.ts';

const stops = source('bus_stops') as Feature[];
const roads = source('roads') as Feature[];

const META: ExportMeta = {
  layer: 'tram-xe-buyt', title: 'Trạm xe buýt Quận 1 – Quận 3', kind: 'transit_stops', version: 3,
  source_file: 'bus_stops.geojson', source_sha256: createHash('sha256').update(fs.readFileSync(fixture('source', 'bus_stops.geojson'))).digest('hex'),
  source_crs: 'EPSG:4326', licence: 'ODbL-1.0', importer: 'test', imported_at: '2025-07-01T08:00:00.000Z', feature_count: 43,
};

/** Writes an export's files into a fresh directory; returns their paths by name. */
async function exportTo(features: Feature[], format: ExportFormat, crs?: string): Promise<Record<string, string>> {
  const dir = tmpDir();
  const { files } = await exportLayer(features, META, format, crs ? { crs: getCrs(crs) } : {});
  return Object.fromEntries(files.map((f) => {
    const p = path.join(dir, f.name);
    fs.writeFileSync(p, f.data);
    return [f.name, p];
  }));
}

function unzipTo(zip: string): Record<string, string> {
  const dir = tmpDir();
  const entries = unzipSync(new Uint8Array(fs.readFileSync(zip)));
  return Object.fromEntries(Object.entries(entries).map(([name, data]) => {
    fs.writeFileSync(path.join(dir, name), data);
    return [name, path.join(dir, name)];
  }));
}

const expectedProvenance = (crs: string): Record<string, unknown> => ({ ...META, crs, crs_name: getCrs(crs).name });
const names = (fs2: Array<{ properties: Record<string, unknown> | null }>): unknown[] => fs2.map((f) => f.properties?.name);

test('GeoJSON export: provenance member, same features back through dothi and Debian GDAL', async () => {
  const files = await exportTo(stops, 'geojson');
  const file = files['tram-xe-buyt.geojson'] as string;
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(doc['dothi:provenance'], expectedProvenance('EPSG:4326'));
  assert.equal(doc.crs, undefined);
  const back = await readInput(inputFromPaths([file]), OPTS);
  assert.deepEqual(back.layers[0]?.features.map((f) => [f.geometry, f.properties]), stops.map((f) => [f.geometry, f.properties]));
  const oracle = ogrRead(file).features;
  assert.equal(oracle.length, 43);
  assert.deepEqual(names(oracle), names(stops));
});

test('CSV export: WKT + attributes, provenance beside it; read back by dothi and Debian GDAL', async () => {
  const files = await exportTo(roads, 'csv');
  const csv = files['tram-xe-buyt.csv'] as string;
  assert.deepEqual(JSON.parse(fs.readFileSync(files['tram-xe-buyt.provenance.json'] as string, 'utf8')), expectedProvenance('EPSG:4326'));
  const back = await readInput(inputFromPaths([csv]), OPTS);
  const feats = back.layers[0]?.features ?? [];
  assert.deepEqual(feats.map((f) => f.geometry), roads.map((f) => f.geometry));
  assert.deepEqual(feats.map((f) => f.properties), roads.map((f) => Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]))));
  const oracle = ogrRead(csv).features;
  assert.equal(oracle.length, 52);
  assert.deepEqual(names(oracle), names(roads));
  assert.deepEqual(oracle.map((f) => f.geometry), roads.map((f) => f.geometry));
});

test('GeoPackage export: provenance in the GeoPackage metadata, Vietnamese text and points intact', async () => {
  const files = await exportTo(stops, 'geopackage');
  const gpkg = files['tram-xe-buyt.gpkg'] as string;
  const info = ogrInfo(gpkg);
  const line = info.split('\n').find((l) => l.trim().startsWith('DOTHI_PROVENANCE=')) ?? '';
  assert.deepEqual(JSON.parse(line.trim().slice('DOTHI_PROVENANCE='.length)), expectedProvenance('EPSG:4326'));
  assert.ok(info.includes('Feature Count: 43'));
  const back = await readInput(inputFromPaths([gpkg]), OPTS);
  assert.equal(back.layers[0]?.name, 'tram-xe-buyt');
  assert.equal(back.layers[0]?.crs?.crs?.id, 'EPSG:4326');
  assert.deepEqual(back.layers[0]?.features.map((f) => [f.geometry, f.properties]), stops.map((f) => [f.geometry, f.properties]));
  assert.deepEqual(names(ogrRead(gpkg).features), names(stops));
});

test('Shapefile export: zip with .cpg UTF-8 and the provenance JSON; text survives dothi and Debian GDAL', async () => {
  const files = await exportTo(roads, 'shapefile');
  const zip = files['tram-xe-buyt.zip'] as string;
  const inside = unzipTo(zip);
  assert.deepEqual(Object.keys(inside).sort(), ['tram-xe-buyt.cpg', 'tram-xe-buyt.dbf', 'tram-xe-buyt.prj', 'tram-xe-buyt.provenance.json', 'tram-xe-buyt.shp', 'tram-xe-buyt.shx']);
  assert.equal(fs.readFileSync(inside['tram-xe-buyt.cpg'] as string, 'utf8').trim(), 'UTF-8');
  assert.deepEqual(JSON.parse(fs.readFileSync(inside['tram-xe-buyt.provenance.json'] as string, 'utf8')), expectedProvenance('EPSG:4326'));
  const back = await readInput(inputFromPaths([zip]), OPTS);
  assert.deepEqual(back.layers[0]?.features.map((f) => [f.geometry, f.properties]), roads.map((f) => [f.geometry, f.properties]));
  const oracle = ogrRead(inside['tram-xe-buyt.shp'] as string).features;
  assert.equal(oracle.length, 52);
  assert.deepEqual(names(oracle), names(roads));
  assert.ok(names(oracle).includes('Võ Văn Tần'));
});

test('exports in EPSG:9210 are reprojected by the registry (as PROJ does with EPSG:6960) and labelled so', async () => {
  // Oracle: the fixture Shapefile, which Debian's ogr2ogr projected with PROJ's EPSG:6960 pipeline.
  const proj = ogrRead(fixture('shp-vn2000', 'bus_stops.shp')).features.map((f) => (f.geometry as { coordinates: number[] }).coordinates);
  const near = (got: Array<Feature | { geometry: unknown }>): void => {
    got.forEach((f, i) => {
      const [x, y] = (f.geometry as { coordinates: number[] }).coordinates as [number, number];
      const [ex, ey] = proj[i] as [number, number];
      assert.ok(Math.abs(x - ex) < 1e-4 && Math.abs(y - ey) < 1e-4, `feature ${i}: ${x},${y} vs ${ex},${ey}`);
    });
  };
  const gj = (await exportTo(stops, 'geojson', 'EPSG:9210'))['tram-xe-buyt.geojson'] as string;
  const gjDoc = JSON.parse(fs.readFileSync(gj, 'utf8')) as { crs: unknown; 'dothi:provenance': unknown };
  assert.deepEqual(gjDoc.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::9210' } });
  assert.deepEqual(gjDoc['dothi:provenance'], expectedProvenance('EPSG:9210'));
  const gjBack = await readInput(inputFromPaths([gj]), OPTS);
  assert.equal(gjBack.layers[0]?.crs?.crs?.id, 'EPSG:9210');
  near(gjBack.layers[0]?.features ?? []);

  const zip = (await exportTo(stops, 'shapefile', 'EPSG:9210'))['tram-xe-buyt.zip'] as string;
  const shpBack = await readInput(inputFromPaths([zip]), OPTS);
  assert.equal(shpBack.layers[0]?.crs?.crs?.id, 'EPSG:9210');
  near(shpBack.layers[0]?.features ?? []);
  near(ogrRead(unzipTo(zip)['tram-xe-buyt.shp'] as string).features);

  const gpkg = (await exportTo(stops, 'geopackage', 'EPSG:9210'))['tram-xe-buyt.gpkg'] as string;
  const gpBack = await readInput(inputFromPaths([gpkg]), OPTS);
  assert.equal(gpBack.layers[0]?.crs?.crs?.id, 'EPSG:9210');
  near(gpBack.layers[0]?.features ?? []);
  assert.ok(ogrInfo(gpkg).includes('ID["EPSG",9210]'));
});

test('a layer mixing points and lines becomes one Shapefile per geometry family in the zip', async () => {
  const zip = (await exportTo([...stops, ...roads], 'shapefile'))['tram-xe-buyt.zip'] as string;
  const inside = Object.keys(unzipTo(zip)).sort();
  assert.ok(inside.includes('tram-xe-buyt_points.shp') && inside.includes('tram-xe-buyt_lines.shp') && inside.includes('tram-xe-buyt.provenance.json'), inside.join(' '));
  const back = await readInput(inputFromPaths([zip]), OPTS);
  assert.deepEqual(back.layers.map((l) => [l.name, l.features.length]).sort(), [['tram-xe-buyt_lines', 52], ['tram-xe-buyt_points', 43]]);
});

test('what an export cannot do is a coded error', async () => {
  const gc: Feature = { type: 'Feature', properties: { name: 'x' }, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [106.7, 10.78] }] } };
  await rejectsWithCode(exportLayer([gc], META, 'shapefile'), 'DOTHI_EXPORT_FAILED', ['tram-xe-buyt', 'GeometryCollection']);
  await rejectsWithCode(exportLayer(stops, META, 'kml' as ExportFormat), 'DOTHI_EXPORT_FORMAT_UNKNOWN', ['kml']);
});
