// The CRS registry against PROJ itself (Debian proj-bin), which builds its operations from EPSG's own
// definitions: every result must agree to 1 cm.
//
// dothi applies EPSG:6960 "VN-2000 to WGS 84 (2)" everywhere (DESIGN.md §4). Given bare EPSG codes, PROJ
// switches to EPSG:5194 "(1)", defined for the Mekong delta petroleum blocks DBSCL 02/03, wherever a point
// falls in that transformation's bbox (lat 9.35–11.04, lon 104.24–107.11), which also covers onshore
// Ho Chi Minh City; so the VN-2000 oracle is PROJ running EPSG:6960 as projinfo spells it out, not
// cs2cs's per-point choice. The last test pins down how far apart the two are.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CRS_REGISTRY, findCrs, getCrs, transformer, DothiError } from '../src/index.ts';

/** cs2cs with EPSG codes on both sides; OGC:CRS84 keeps lon,lat order. Returns [x, y] per input line. */
function cs2cs(from: string, to: string, points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out = execFileSync('cs2cs', ['-f', '%.10f', from, to], { input: points.map((p) => `${p[0]} ${p[1]}`).join('\n') + '\n' });
  return out
    .toString()
    .trim()
    .split('\n')
    .map((l) => {
      const [x, y] = l.trim().split(/\s+/).map(Number);
      return [x as number, y as number];
    });
}

/** PROJ's own pipeline for CRS84 → `to` through EPSG:6960, run with cct (forward or inverse). */
function proj6960(to: string, points: ReadonlyArray<readonly [number, number]>, inverse = false): Array<[number, number]> {
  const info = execFileSync('projinfo', ['-s', 'OGC:CRS84', '-t', to, '-o', 'PROJ', '--single-line', '--spatial-test', 'intersects']).toString();
  const blocks = info.split('Operation No.').slice(1);
  const op = blocks.find((b) => b.includes('VN-2000 to WGS 84 (2)')) ?? (blocks.length === 1 ? blocks[0] : undefined);
  const pipeline = op?.split('\n').find((l) => l.startsWith('+proj='));
  if (!pipeline) throw new Error(`projinfo gave no EPSG:6960 operation to ${to}`);
  // EPSG's geographic VN-2000 is latitude first: swap on the VN-2000 side of the pipeline.
  const swap = getCrs(to).geographic;
  const flip = (p: readonly [number, number]): readonly [number, number] => (swap ? [p[1], p[0]] : p);
  const out = execFileSync('cct', ['-d', '10', ...(inverse ? ['-I'] : []), ...pipeline.split(' ')], {
    input: points.map((p) => (inverse ? flip(p) : p)).map((p) => `${p[0]} ${p[1]} 0 0`).join('\n') + '\n',
  });
  const rows = out
    .toString()
    .trim()
    .split('\n')
    .map((l) => {
      const [x, y] = l.trim().split(/\s+/).map(Number);
      return [x as number, y as number] as [number, number];
    });
  return inverse ? rows : rows.map((r) => flip(r) as [number, number]);
}

const wgs84 = getCrs('EPSG:4326');
const isVn2000 = (id: string): boolean => getCrs(id).proj4.includes('towgs84');
const oracle = (id: string, p: readonly [number, number], inverse = false): [number, number] =>
  (isVn2000(id) ? proj6960(id, [p], inverse) : inverse ? cs2cs(id, 'OGC:CRS84', [p]) : cs2cs('OGC:CRS84', id, [p]))[0] as [number, number];

// Points inside each zone's provinces: Hà Nội, Đà Nẵng, HCMC, Buôn Ma Thuột, Cà Mau, Lào Cai, Hạ Long.
const CASES: ReadonlyArray<readonly [string, number, number]> = [
  ['EPSG:5897', 105.8542, 21.0285],
  ['EPSG:5899', 108.2022, 16.0544],
  ['EPSG:9210', 106.7009, 10.7769],
  ['EPSG:9218', 108.0378, 12.6667],
  ['EPSG:9207', 105.1524, 9.1769],
  ['EPSG:9208', 103.9707, 22.4856],
  ['EPSG:5899', 107.0843, 20.9599],
  ['EPSG:3405', 105.8542, 21.0285],
  ['EPSG:3406', 108.2022, 16.0544],
  ['EPSG:4756', 106.7009, 10.7769],
  ['EPSG:32648', 106.7009, 10.7769],
];

test('registry transforms agree with PROJ cs2cs to 1 cm, forward and inverse', () => {
  for (const [id, lon, lat] of CASES) {
    const crs = getCrs(id);
    const [ex, ey] = oracle(id, [lon, lat]);
    const [x, y] = transformer(wgs84, crs)(lon, lat);
    // Geographic results are in degrees: 1 cm is about 1e-7 degree.
    const tol = crs.geographic ? 1e-7 : 0.01;
    assert.ok(Math.abs(x - ex) < tol && Math.abs(y - ey) < tol, `${id} forward: dothi ${x},${y} PROJ ${ex},${ey}`);
    const [blon, blat] = oracle(id, [ex, ey], true);
    const [ilon, ilat] = transformer(crs, wgs84)(ex, ey);
    assert.ok(Math.abs(ilon - blon) < 1e-7 && Math.abs(ilat - blat) < 1e-7, `${id} inverse: dothi ${ilon},${ilat} PROJ ${blon},${blat}`);
  }
});

test('the DESIGN.md example point: EPSG:5899 E 548188.9206 N 1775651.3260', () => {
  const [lon, lat] = transformer(getCrs('vn2000:danang'), wgs84)(548188.9206, 1775651.326);
  assert.ok(Math.abs(lon - 108.202205818) < 1e-8);
  assert.ok(Math.abs(lat - 16.054401482) < 1e-8);
});

test('every VN-2000 TM-3 zone matches PROJ for a point on its central meridian', () => {
  const zones = CRS_REGISTRY.filter((c) => c.centralMeridian !== undefined);
  assert.equal(zones.length, 18);
  for (const z of zones) {
    const p: [number, number] = [z.centralMeridian as number + 0.3, 15.5];
    const [ex, ey] = oracle(z.id, p);
    const [x, y] = transformer(wgs84, z)(p[0], p[1]);
    assert.ok(Math.abs(x - ex) < 0.01 && Math.abs(y - ey) < 0.01, `${z.id}: ${x},${y} vs ${ex},${ey}`);
  }
});

test('names and codes find the same zone; unknown ones are a coded error', () => {
  assert.equal(findCrs('vn2000:danang')?.id, 'EPSG:5899');
  assert.equal(findCrs('VN2000:Đà Nẵng')?.id, 'EPSG:5899');
  assert.equal(findCrs('vn2000:hanoi')?.id, 'EPSG:5897');
  assert.equal(findCrs('vn2000:ho-chi-minh')?.id, 'EPSG:9210');
  assert.equal(findCrs('vn2000:hcm')?.id, 'EPSG:9210');
  assert.equal(findCrs('vn2000:buon ma thuot'), undefined); // a city, not a province: Dak Lak is
  assert.equal(findCrs('vn2000:daklak')?.id, 'EPSG:9218');
  assert.equal(findCrs('5899')?.id, 'EPSG:5899');
  assert.equal(findCrs('http://www.opengis.net/def/crs/EPSG/0/5899')?.id, 'EPSG:5899');
  assert.equal(findCrs('CRS84')?.id, 'EPSG:4326');
  assert.throws(() => getCrs('EPSG:99999'), (e: unknown) => e instanceof DothiError && e.code === 'DOTHI_CRS_UNKNOWN');
});

test('outside the DBSCL bbox cs2cs with bare EPSG codes agrees too; inside it PROJ picks EPSG:5194, under 1 m away', () => {
  const [hx, hy] = cs2cs('OGC:CRS84', 'EPSG:5897', [[105.8542, 21.0285]])[0] as [number, number];
  const [x, y] = transformer(wgs84, getCrs('EPSG:5897'))(105.8542, 21.0285);
  assert.ok(Math.abs(x - hx) < 0.01 && Math.abs(y - hy) < 0.01);
  const [sx, sy] = cs2cs('OGC:CRS84', 'EPSG:9210', [[106.7009, 10.7769]])[0] as [number, number];
  const [dx, dy] = transformer(wgs84, getCrs('EPSG:9210'))(106.7009, 10.7769);
  const gap = Math.hypot(dx - sx, dy - sy);
  assert.ok(gap > 0.5 && gap < 1, `HCMC gap between EPSG:6960 and PROJ's EPSG:5194 choice: ${gap} m`);
});
