// PROJ itself (Debian proj-bin) as the oracle for coordinates the OGC API writes. VN-2000 targets go
// through the pipeline projinfo prints for EPSG:6960 "VN-2000 to WGS 84 (2)", the operation dothi uses
// everywhere: left to choose, PROJ applies EPSG:5194 inside the Mekong-delta blocks' bbox, which covers
// Ho Chi Minh City (see packages/engine/test/crs.test.ts). Output is in the target's EPSG axis order.

import { execFileSync } from 'node:child_process';

type XY = [number, number];

const parse = (out: Buffer): XY[] =>
  out
    .toString()
    .trim()
    .split('\n')
    .map((l) => {
      const [a, b] = l.trim().split(/\s+/).map(Number);
      return [a as number, b as number];
    });

const pipelines = new Map<string, string>();

function pipeline6960(to: string): string {
  let p = pipelines.get(to);
  if (!p) {
    const info = execFileSync('projinfo', ['-s', 'OGC:CRS84', '-t', to, '-o', 'PROJ', '--single-line', '--spatial-test', 'intersects']).toString();
    const op = info.split('Operation No.').slice(1).find((b) => b.includes('VN-2000 to WGS 84 (2)'));
    p = op?.split('\n').find((l) => l.startsWith('+proj='));
    if (!p) throw new Error(`projinfo gave no EPSG:6960 operation to ${to}`);
    pipelines.set(to, p);
  }
  return p;
}

/** CRS84 lon,lat → a VN-2000 CRS (EPSG:4756 gives lat,lon; TM-3 and UTM give easting,northing). */
export function projVn2000(to: string, lonLat: readonly XY[]): XY[] {
  const input = lonLat.map(([x, y]) => `${x} ${y} 0 0`).join('\n') + '\n';
  return parse(execFileSync('cct', ['-d', '10', ...pipeline6960(to).split(' ')], { input, maxBuffer: 1 << 26 }));
}

/** CRS84 lon,lat → a WGS 84 based CRS with cs2cs (no datum shift involved, so no choice to pin down). */
export function cs2cs(to: string, lonLat: readonly XY[]): XY[] {
  const input = lonLat.map(([x, y]) => `${x} ${y}`).join('\n') + '\n';
  return parse(execFileSync('cs2cs', ['-f', '%.10f', 'OGC:CRS84', to], { input, maxBuffer: 1 << 26 }));
}
