// readOsm end to end through GDAL on a small hand-written extract whose answer is known: relation
// assembly (rings from several ways, holes, several outers, missing members), closed-way rules,
// tags with every kind of escaping, road attributes, limits, progress, coded errors, and two
// reads at once.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DothiError } from '@dothi/engine';
import type { Feature, Position } from '@dothi/engine';
import { readOsm } from '../../src/formats/osm/osm-reader.ts';
import type { SourceDataset } from '../../src/formats/types.ts';
import { ringArea2 } from '../../src/formats/osm/osm-geometry.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-osm-reader-'));
const HCMC_PBF = '/work/shared/data/hcmc-osm/hcmc-d1-d3.osm.pbf';

// A grid of nodes: node id = 1000 + 100*row + col, at lon 106.70 + col*0.001, lat 10.78 + row*0.001.
const nid = (row: number, col: number): number => 1000 + 100 * row + col;
const nodes: string[] = [];
for (let r = 0; r <= 9; r++) {
  for (let c = 0; c <= 9; c++) nodes.push(`<node id="${nid(r, c)}" lat="${(10.78 + r * 0.001).toFixed(7)}" lon="${(106.7 + c * 0.001).toFixed(7)}"/>`);
}
const tags = (t: Record<string, string>): string =>
  Object.entries(t).map(([k, v]) => `<tag k="${k}" v="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/\n/g, '&#10;')}"/>`).join('');
const way = (id: number, refs: number[], t: Record<string, string> = {}): string =>
  `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tags(t)}</way>`;
const rel = (id: number, members: Array<[number, string]>, t: Record<string, string>): string =>
  `<relation id="${id}">${members.map(([ref, role]) => `<member type="way" ref="${ref}" role="${role}"/>`).join('')}${tags(t)}</relation>`;
const ring = (cells: Array<[number, number]>): number[] => [...cells.map(([r, c]) => nid(r, c)), nid(cells[0]![0], cells[0]![1])];

const TRICKY_NAME = 'Đường "Hai Bà Trưng" \\ A=>B, C';
const DESCRIPTION = 'dòng một\ndòng hai';

const FIXTURE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<osm version="0.6" generator="dothi test">',
  ...nodes,
  `<node id="30" lat="10.7853989" lon="106.6884993">${tags({ highway: 'bus_stop', public_transport: 'platform', name: 'Viện Pasteur', shelter: 'yes', route_ref: '6;36' })}</node>`,
  `<node id="31" lat="10.7900000" lon="106.7000000">${tags({ railway: 'tram_stop', name: 'Tram' })}</node>`,
  `<node id="32" lat="10.7910000" lon="106.7010000">${tags({ amenity: 'hospital', name: 'Bệnh viện Chợ Rẫy', capacity: '1800', __proto__x: 'y' })}</node>`,
  // relation 100: outer ring from two open ways, one hole
  way(10, [nid(0, 0), nid(0, 4), nid(4, 4)]),
  way(11, [nid(4, 4), nid(4, 0), nid(0, 0)]),
  way(12, ring([[1, 1], [1, 2], [2, 2], [2, 1]])),
  rel(100, [[10, 'outer'], [11, 'outer'], [12, 'inner']], { type: 'multipolygon', building: 'yes', name: 'Nhà văn hóa' }),
  // relation 101: two separate outers
  way(13, ring([[6, 0], [6, 1], [7, 1], [7, 0]])),
  way(14, ring([[6, 3], [6, 4], [7, 4], [7, 3]])),
  rel(101, [[13, 'outer'], [14, 'outer']], { type: 'multipolygon', landuse: 'grass' }),
  // relation 102: a member outside the extract
  rel(102, [[13, 'outer'], [999, 'outer']], { type: 'multipolygon', building: 'yes' }),
  // relation 103: tagged only type=multipolygon; its outer way is a building in its own right
  way(15, ring([[8, 0], [8, 1], [9, 1], [9, 0]]), { building: 'house' }),
  rel(103, [[15, 'outer']], { type: 'multipolygon' }),
  way(16, ring([[0, 6], [0, 7], [1, 7], [1, 6]]), { highway: 'service' }),
  way(17, ring([[2, 6], [2, 7], [3, 7], [3, 6]]), { highway: 'pedestrian', area: 'yes' }),
  way(18, ring([[4, 6], [4, 7], [5, 7], [5, 6]]), { amenity: 'parking', area: 'no' }),
  way(19, [nid(9, 5), nid(9, 6), nid(9, 7)], {
    highway: 'primary', name: TRICKY_NAME, oneway: '-1', maxspeed: '30 mph', lanes: '2', width: '7.5', surface: 'asphalt', description: DESCRIPTION,
  }),
  way(20, ring([[6, 6], [6, 7], [7, 7], [7, 6]]), { highway: 'tertiary', junction: 'roundabout' }),
  way(21, [nid(5, 0), nid(5, 5)], { waterway: 'canal', name: 'Kênh Nhiêu Lộc' }),
  way(22, ring([[8, 6], [8, 7], [9, 7], [9, 6]]), { natural: 'water', water: 'pond' }),
  '</osm>',
  '',
].join('\n').replace('__proto__x', '__proto__');

const FIXTURE_PATH = path.join(tmp, 'fixture.osm');
fs.writeFileSync(FIXTURE_PATH, FIXTURE);
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const input = (p: string): { name: string; parts: Array<{ name: string; path: string }> } => ({ name: path.basename(p), parts: [{ name: path.basename(p), path: p }] });
const byId = (ds: SourceDataset, kind: string): Map<string, Feature> =>
  new Map((ds.layers.find((l) => l.kind === kind)?.features ?? []).map((f) => [String(f.id), f]));

describe('readOsm on a hand-written extract', () => {
  let ds: SourceDataset;
  const progress: number[] = [];
  before(async () => {
    ds = await readOsm(input(FIXTURE_PATH), { maxFeatures: 1000, onProgress: (f) => progress.push(f) });
  });

  test('one layer per non-empty sector, kind set, CRS WGS 84', () => {
    assert.deepEqual(ds.layers.map((l) => l.kind).sort(), ['amenities', 'buildings', 'green_spaces', 'land_use', 'roads', 'transit_stops', 'water_bodies']);
    for (const l of ds.layers) {
      assert.equal(l.name, l.kind);
      assert.equal(l.crs?.crs?.id, 'EPSG:4326');
      assert.equal(l.crs?.note, 'OSM data is WGS 84 by definition');
    }
    assert.equal(ds.format, 'osm');
    assert.equal(ds.encoding, 'UTF-8');
  });

  test('a relation whose ring is made of two ways, with a hole, is one polygon with two rings', () => {
    const b = byId(ds, 'buildings').get('relation/100');
    assert.ok(b?.geometry && b.geometry.type === 'Polygon');
    const [outer, hole] = b.geometry.coordinates as [Position[], Position[]];
    assert.equal(b.geometry.coordinates.length, 2);
    assert.equal(outer.length, 5);
    assert.ok(ringArea2(outer) > 0, 'outer ring counter-clockwise');
    assert.ok(ringArea2(hole) < 0, 'hole clockwise');
    assert.deepEqual(new Set(outer.map((p) => p.join())), new Set(['106.7,10.78', '106.704,10.78', '106.704,10.784', '106.7,10.784']));
    assert.equal(b.properties?.name, 'Nhà văn hóa');
    assert.equal(b.properties?.osm_tags && (b.properties.osm_tags as Record<string, string>).type, 'multipolygon');
  });

  test('two outers make a MultiPolygon, in land_use AND green_spaces; a relation with a missing member is left out', () => {
    const lu = byId(ds, 'land_use').get('relation/101');
    const gs = byId(ds, 'green_spaces').get('relation/101');
    assert.equal(lu?.geometry?.type, 'MultiPolygon');
    assert.deepEqual(lu?.geometry, gs?.geometry);
    assert.equal(lu?.properties?.class, 'grass');
    assert.equal(gs?.properties?.type, 'grass');
    assert.ok(!byId(ds, 'buildings').has('relation/102'));
  });

  test('an untagged relation does not borrow its outer way\'s tags; the way is the building', () => {
    const buildings = byId(ds, 'buildings');
    assert.deepEqual([...buildings.keys()].sort(), ['relation/100', 'way/15']);
    assert.equal(buildings.get('way/15')?.properties?.use, 'house');
    assert.equal(buildings.get('way/15')?.geometry?.type, 'Polygon');
  });

  test('closed ways: a highway loop is a road, area=yes is not, area=no amenity is left out', () => {
    const roads = byId(ds, 'roads');
    assert.deepEqual([...roads.keys()].sort(), ['way/16', 'way/19', 'way/20']);
    assert.equal(roads.get('way/16')?.geometry?.type, 'LineString');
    assert.ok(!byId(ds, 'amenities').has('way/18'));
    assert.ok(ds.notes.some((n) => /Left out 1 × amenities drawn as lines/.test(n)), ds.notes.join('\n'));
  });

  test('road attributes, and tags with quotes, backslash, =>, comma and newline come through exactly', () => {
    const r = byId(ds, 'roads').get('way/19')!;
    assert.deepEqual(
      { ...r.properties, osm_tags: undefined },
      {
        highway: 'primary', name: TRICKY_NAME, oneway: true, oneway_reversed: true, lanes: 2, maxspeed_kmh: 48.28,
        surface: 'asphalt', width_m: 7.5, osm_id: 'way/19', osm_tags: undefined,
      },
    );
    assert.equal((r.properties?.osm_tags as Record<string, string>).description, DESCRIPTION);
    assert.equal(byId(ds, 'roads').get('way/20')?.properties?.oneway, true, 'roundabout implies one-way');
    assert.equal(r.id, 'way/19');
  });

  test('stops, amenities and water', () => {
    const stop = byId(ds, 'transit_stops').get('node/30')!;
    assert.deepEqual({ ...stop.properties, osm_tags: undefined }, { name: 'Viện Pasteur', mode: 'bus', routes: '6;36', shelter: true, osm_id: 'node/30', osm_tags: undefined });
    assert.equal(byId(ds, 'transit_stops').get('node/31')?.properties?.mode, 'tram');
    const h = byId(ds, 'amenities').get('node/32')!;
    assert.equal(h.properties?.amenity, 'hospital');
    assert.equal(h.properties?.capacity, 1800);
    assert.equal(Object.getOwnPropertyDescriptor(h.properties?.osm_tags, '__proto__')?.value, 'y');
    const water = byId(ds, 'water_bodies');
    assert.equal(water.get('way/21')?.geometry?.type, 'LineString');
    assert.equal(water.get('way/21')?.properties?.type, 'canal');
    assert.equal(water.get('way/22')?.properties?.type, 'pond');
  });

  test('progress rises from 0 to 1', () => {
    assert.ok(progress.length >= 4);
    assert.ok(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!)));
    assert.equal(progress.at(-1), 1);
  });
});

describe('readOsm limits and errors', () => {
  test('more sector features than maxFeatures is DOTHI_IMPORT_TOO_MANY_FEATURES', async () => {
    await assert.rejects(readOsm(input(FIXTURE_PATH), { maxFeatures: 3 }), (e: unknown) =>
      e instanceof DothiError && e.code === 'DOTHI_IMPORT_TOO_MANY_FEATURES' && e.details.limit === 3 && e.details.file === 'fixture.osm');
  });

  test('malformed XML is DOTHI_IMPORT_UNREADABLE with the line and column', async () => {
    const p = path.join(tmp, 'malformed.osm');
    fs.writeFileSync(p, FIXTURE.replace('<way id="16">', '<way id="16" <<oops'));
    await assert.rejects(readOsm(input(p), { maxFeatures: 1000 }), (e: unknown) =>
      e instanceof DothiError && e.code === 'DOTHI_IMPORT_UNREADABLE' && e.details.format === 'OSM' && e.details.file === 'malformed.osm' &&
      /not well-formed.*line \d+, column \d+/.test(String(e.details.detail)));
  });

  test('truncated PBF and truncated XML are DOTHI_IMPORT_UNREADABLE saying so', async () => {
    const pbf = fs.readFileSync(HCMC_PBF);
    const cutPbf = path.join(tmp, 'cut.osm.pbf');
    fs.writeFileSync(cutPbf, pbf.subarray(0, 60_000));
    await assert.rejects(readOsm(input(cutPbf), { maxFeatures: 1e6 }), (e: unknown) =>
      e instanceof DothiError && e.code === 'DOTHI_IMPORT_UNREADABLE' && /truncated/.test(String(e.details.detail)));
    const cutXml = path.join(tmp, 'cut.osm');
    fs.writeFileSync(cutXml, FIXTURE.slice(0, FIXTURE.indexOf('<way id="16">')));
    await assert.rejects(readOsm(input(cutXml), { maxFeatures: 1e6 }), (e: unknown) =>
      e instanceof DothiError && e.code === 'DOTHI_IMPORT_UNREADABLE' && /truncated/.test(String(e.details.detail)));
  });

  test('a PBF damaged inside a data block (framing intact) fails through GDAL\'s error, not with partial data', async () => {
    const pbf = Buffer.from(fs.readFileSync(HCMC_PBF));
    for (let i = 70_000; i < 70_200; i++) pbf[i] = pbf[i]! ^ 0x5a;
    const p = path.join(tmp, 'damaged.osm.pbf');
    fs.writeFileSync(p, pbf);
    await assert.rejects(readOsm(input(p), { maxFeatures: 1e6 }), (e: unknown) =>
      e instanceof DothiError && e.code === 'DOTHI_IMPORT_UNREADABLE' && /data inside the PBF is damaged/.test(String(e.details.detail)));
  });

  test('a feature whose tags overflow GDAL\'s 8 KiB all_tags buffer is named in the notes', async () => {
    const many: Record<string, string> = { amenity: 'townhall', name: 'UBND' };
    for (let i = 0; i < 60; i++) many[`name:x${String(i).padStart(2, '0')}`] = 'Ủy ban nhân dân '.repeat(8);
    const p = path.join(tmp, 'long-tags.osm');
    fs.writeFileSync(p, `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n<node id="1" lat="10.78" lon="106.7">${tags(many)}</node>\n</osm>\n`);
    const got = await readOsm(input(p), { maxFeatures: 10 });
    const kept = got.layers[0]!.features[0]!.properties?.osm_tags as Record<string, string>;
    // GDAL did drop tags here, which is what the note warns about.
    assert.ok(Object.keys(kept).length < Object.keys(many).length, `${Object.keys(kept).length} tags kept`);
    assert.ok(got.notes.some((n) => /GDAL may have dropped some from osm_tags: node\/1/.test(n)), got.notes.join('\n'));
  });

  // gdal3.js work runs without yielding to I/O, so these guard the reader's own per-read state
  // (GDAL messages, config file, output names) more than withGdal's queue.
  test('a damaged file read alongside a good one: each gets its own outcome', async () => {
    const p = path.join(tmp, 'malformed2.osm');
    fs.writeFileSync(p, FIXTURE.replace('<way id="19">', '<way id="19" <<oops'));
    const alone = await readOsm(input(HCMC_PBF), { maxFeatures: 1e6 });
    const [bad, good] = await Promise.allSettled([readOsm(input(p), { maxFeatures: 1e6 }), readOsm(input(HCMC_PBF), { maxFeatures: 1e6 })]);
    assert.equal(bad.status, 'rejected');
    assert.equal(good.status, 'fulfilled');
    assert.deepEqual(good.status === 'fulfilled' && good.value.layers, alone.layers);
  });

  test('two reads at once, from different directories, give what each gives alone', async () => {
    const alone = await readOsm(input(FIXTURE_PATH), { maxFeatures: 1e6 });
    const hcmcAlone = await readOsm(input(HCMC_PBF), { maxFeatures: 1e6 });
    const [a, b] = await Promise.all([readOsm(input(HCMC_PBF), { maxFeatures: 1e6 }), readOsm(input(FIXTURE_PATH), { maxFeatures: 1e6 })]);
    assert.deepEqual(b.layers, alone.layers);
    assert.deepEqual(a.layers, hcmcAlone.layers);
  });
});
