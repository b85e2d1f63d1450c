// Large synthetic inputs for the tests that must catch work in the middle (a kill mid-write): enough
// features that writing takes seconds. Seeded, so every run writes the same bytes.

import fs from 'node:fs';
import path from 'node:path';

/** Seeded generator (mulberry32): the only randomness of these files, repeatable run to run. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n small square buildings scattered over central Da Nang, as a GeoJSON file in dir. */
export function manyBuildings(dir: string, n: number): string {
  const r = rng(42);
  const file = path.join(dir, 'many-buildings.geojson');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{"type":"FeatureCollection","features":[');
  for (let i = 0; i < n; i++) {
    const x = 108.15 + r() * 0.1, y = 16.0 + r() * 0.1, d = 0.0001 + r() * 0.0002;
    const f = { type: 'Feature', id: `b${i}`, properties: { levels: 1 + Math.floor(r() * 20), name: `Nhà số ${i}` }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] } };
    fs.writeSync(fd, (i ? ',' : '') + JSON.stringify(f));
  }
  fs.writeSync(fd, ']}');
  fs.closeSync(fd);
  return file;
}
