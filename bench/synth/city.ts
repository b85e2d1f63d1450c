// A seeded synthetic city in EPSG:32628 metres: a jittered street grid that is always connected (a random
// spanning tree plus most other blocks' edges, arterials as long multi-block ways), buildings inside the
// blocks, 1,000 jittered quadrilateral zones, land-use polygons (some with holes, overlapping like OSM's),
// clustered amenities, transit stops beside the streets, and uniform points with a value for W1.
// Pure: the same size and seed give the same city.

import { splitmix32 } from './prng.ts';
import type { Rng } from './prng.ts';

export type CitySize = 'S' | 'M' | 'L';

export interface CitySpec {
  /** Street-grid nodes per side. */
  grid: number;
  buildings: number;
  points: number;
  amenities: number;
  stops: number;
  landuse: number;
}

/** S: 50k buildings; M: 300k buildings, ~60k road segments; L: 1M buildings, ~200k road segments. */
export const CITY_SPECS: Record<CitySize, CitySpec> = {
  S: { grid: 80, buildings: 50_000, points: 1_000_000, amenities: 5_000, stops: 400, landuse: 2_000 },
  M: { grid: 183, buildings: 300_000, points: 1_000_000, amenities: 5_000, stops: 2_000, landuse: 8_000 },
  L: { grid: 334, buildings: 1_000_000, points: 1_000_000, amenities: 5_000, stops: 6_000, landuse: 25_000 },
};

/** Rows of one layer: an attribute per row and geometry as parts → rings → flat x,y. */
export interface SynthLayer {
  kind: 'point' | 'line' | 'polygon';
  attrs: Record<string, Array<string | number>>;
  geoms: number[][][][];
}

export interface SynthCity {
  size: CitySize;
  seed: number;
  extent: [number, number, number, number];
  layers: Record<'zones' | 'pts' | 'buildings' | 'amenities' | 'stops' | 'landuse' | 'roads', SynthLayer>;
}

const X0 = 430_000, Y0 = 3_090_000, BLOCK = 110;
const BUILDING_CLASSES = ['residential', 'residential', 'residential', 'apartments', 'commercial', 'industrial', 'school', 'retail'];
const LANDUSE_CLASSES = ['residential', 'commercial', 'industrial', 'retail', 'grass', 'park', 'forest', 'farmland', 'cemetery', 'reservoir'];
const AMENITY_CLASSES = ['school', 'clinic', 'pharmacy', 'restaurant', 'cafe', 'bank', 'place_of_worship', 'parking'];

class Dsu {
  p: Int32Array;
  constructor(n: number) { this.p = new Int32Array(n).map((_, i) => i); }
  find(a: number): number { while (this.p[a] !== a) { this.p[a] = this.p[this.p[a] as number] as number; a = this.p[a] as number; } return a; }
  union(a: number, b: number): boolean { const x = this.find(a), y = this.find(b); if (x === y) return false; this.p[x] = y; return true; }
}

function shuffle(rng: Rng, a: number[]): void {
  for (let i = a.length - 1; i > 0; i--) { const j = rng.int(i + 1); const t = a[i] as number; a[i] = a[j] as number; a[j] = t; }
}

function roads(rng: Rng, n: number): { layer: SynthLayer; nx: Float64Array; ny: Float64Array } {
  const nx = new Float64Array(n * n), ny = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    nx[j * n + i] = X0 + i * BLOCK + rng.range(-15, 15);
    ny[j * n + i] = Y0 + j * BLOCK + rng.range(-15, 15);
  }
  // Edge e < n(n-1) is horizontal (i,j)-(i+1,j); the rest vertical (i,j)-(i,j+1).
  const h = (n - 1) * n;
  const ends = (e: number): [number, number] => {
    if (e < h) { const j = Math.floor(e / (n - 1)), i = e % (n - 1); return [j * n + i, j * n + i + 1]; }
    const k = e - h, j = Math.floor(k / n), i = k % n;
    return [j * n + i, (j + 1) * n + i];
  };
  const arterialLine = (e: number): boolean => {
    if (e < h) return Math.floor(e / (n - 1)) % 5 === 0;
    return ((e - h) % n) % 5 === 0;
  };
  const order = Array.from({ length: 2 * h }, (_, e) => e);
  shuffle(rng, order);
  const dsu = new Dsu(n * n);
  const keep = new Uint8Array(2 * h);
  for (const e of order) { const [a, b] = ends(e); if (dsu.union(a, b)) keep[e] = 1; }
  for (let e = 0; e < 2 * h; e++) if (!keep[e] && (arterialLine(e) || rng.next() < 0.75)) keep[e] = 1;
  // One bent midpoint per edge, so ways have interior vertices that are not shared.
  const mid = (a: number, b: number): [number, number] => {
    const dx = (nx[b] as number) - (nx[a] as number), dy = (ny[b] as number) - (ny[a] as number);
    const t = rng.range(0.35, 0.65), off = rng.range(-4, 4), len = Math.hypot(dx, dy);
    return [(nx[a] as number) + t * dx - (off * dy) / len, (ny[a] as number) + t * dy + (off * dx) / len];
  };
  const layer: SynthLayer = { kind: 'line', attrs: { highway: [] }, geoms: [] };
  const done = new Uint8Array(2 * h);
  // Arterials: every 5th row and column as one way across the whole city (split at shared vertices later).
  for (let line = 0; line < n; line += 5) {
    for (const horizontal of [true, false]) {
      const xy: number[] = [];
      for (let k = 0; k < n - 1; k++) {
        const e = horizontal ? line * (n - 1) + k : h + k * n + line;
        const [a, b] = ends(e);
        if (k === 0) xy.push(nx[a] as number, ny[a] as number);
        xy.push(...mid(a, b), nx[b] as number, ny[b] as number);
        done[e] = 1;
      }
      layer.geoms.push([[xy]]);
      (layer.attrs.highway as string[]).push(line % 10 === 0 ? 'primary' : 'secondary');
    }
  }
  for (let e = 0; e < 2 * h; e++) {
    if (!keep[e] || done[e]) continue;
    const [a, b] = ends(e);
    layer.geoms.push([[[nx[a] as number, ny[a] as number, ...mid(a, b), nx[b] as number, ny[b] as number]]]);
    (layer.attrs.highway as string[]).push(rng.next() < 0.1 ? 'footway' : 'residential');
  }
  return { layer, nx, ny };
}

function rect(cx: number, cy: number, w: number, d: number, angle: number): number[] {
  const c = Math.cos(angle), s = Math.sin(angle), out: number[] = [];
  for (const [u, v] of [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]] as const) {
    out.push(cx + (u * w * c - v * d * s) / 2, cy + (u * w * s + v * d * c) / 2);
  }
  return out;
}

/** A star-shaped ring (always simple): sorted angles, radius in [rmin, rmax]; `ccw` sets the orientation. */
function star(rng: Rng, cx: number, cy: number, rmin: number, rmax: number, k: number, ccw: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const a = ((ccw ? i : k - i) / k) * 2 * Math.PI + rng.range(-0.2, 0.2) / k;
    const r = rng.range(rmin, rmax);
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  out.push(out[0] as number, out[1] as number);
  return out;
}

export function synthCity(size: CitySize, seed = 42): SynthCity {
  const spec = CITY_SPECS[size];
  const rng = splitmix32(seed);
  const n = spec.grid;
  const { layer: roadLayer, nx, ny } = roads(rng, n);
  const extent: [number, number, number, number] = [X0 - 60, Y0 - 60, X0 + (n - 1) * BLOCK + 60, Y0 + (n - 1) * BLOCK + 60];
  const [ex0, ey0, ex1, ey1] = extent;

  const buildings: SynthLayer = { kind: 'polygon', attrs: { building: [] }, geoms: [] };
  for (let b = 0; b < spec.buildings; b++) {
    const i = rng.int(n - 1), j = rng.int(n - 1);
    const cx = ((nx[j * n + i] as number) + (nx[j * n + i + 1] as number) + (nx[(j + 1) * n + i] as number) + (nx[(j + 1) * n + i + 1] as number)) / 4;
    const cy = ((ny[j * n + i] as number) + (ny[j * n + i + 1] as number) + (ny[(j + 1) * n + i] as number) + (ny[(j + 1) * n + i + 1] as number)) / 4;
    buildings.geoms.push([[rect(cx + rng.range(-30, 30), cy + rng.range(-30, 30), rng.range(8, 25), rng.range(8, 20), rng.range(0, Math.PI))]]);
    (buildings.attrs.building as string[]).push(BUILDING_CLASSES[rng.int(BUILDING_CLASSES.length)] as string);
  }

  // 25 × 40 zones over the extent, interior corners jittered (shared by neighbours, so they tile exactly).
  const zc = 25, zr = 40;
  const cw = (ex1 - ex0) / zc, ch = (ey1 - ey0) / zr;
  const cx = new Float64Array((zc + 1) * (zr + 1)), cy = new Float64Array((zc + 1) * (zr + 1));
  for (let r = 0; r <= zr; r++) for (let c = 0; c <= zc; c++) {
    const inner = c > 0 && c < zc && r > 0 && r < zr;
    cx[r * (zc + 1) + c] = ex0 + c * cw + (inner ? rng.range(-0.25, 0.25) * cw : 0);
    cy[r * (zc + 1) + c] = ey0 + r * ch + (inner ? rng.range(-0.25, 0.25) * ch : 0);
  }
  const zones: SynthLayer = { kind: 'polygon', attrs: { id: [], col: [], row: [] }, geoms: [] };
  for (let r = 0; r < zr; r++) for (let c = 0; c < zc; c++) {
    const k = [r * (zc + 1) + c, r * (zc + 1) + c + 1, (r + 1) * (zc + 1) + c + 1, (r + 1) * (zc + 1) + c];
    const ring: number[] = [];
    for (const q of [...k, k[0] as number]) ring.push(cx[q] as number, cy[q] as number);
    zones.geoms.push([[ring]]);
    (zones.attrs.id as number[]).push(r * zc + c + 1);
    (zones.attrs.col as number[]).push(c);
    (zones.attrs.row as number[]).push(r);
  }

  const pts: SynthLayer = { kind: 'point', attrs: { val: [] }, geoms: [] };
  for (let p = 0; p < spec.points; p++) {
    pts.geoms.push([[[rng.range(ex0, ex1), rng.range(ey0, ey1)]]]);
    (pts.attrs.val as number[]).push(rng.next() * 100);
  }

  const amenities: SynthLayer = { kind: 'point', attrs: { amenity: [] }, geoms: [] };
  const centres = Array.from({ length: 30 }, () => [rng.range(ex0, ex1), rng.range(ey0, ey1)] as const);
  for (let a = 0; a < spec.amenities; a++) {
    let x: number, y: number;
    if (rng.next() < 0.7) {
      const c = centres[rng.int(centres.length)] as readonly [number, number];
      x = Math.min(ex1, Math.max(ex0, c[0] + 300 * rng.normal()));
      y = Math.min(ey1, Math.max(ey0, c[1] + 300 * rng.normal()));
    } else { x = rng.range(ex0, ex1); y = rng.range(ey0, ey1); }
    amenities.geoms.push([[[x, y]]]);
    (amenities.attrs.amenity as string[]).push(AMENITY_CLASSES[rng.int(AMENITY_CLASSES.length)] as string);
  }

  const stops: SynthLayer = { kind: 'point', attrs: { name: [] }, geoms: [] };
  for (let s = 0; s < spec.stops; s++) {
    const i = rng.int(n), j = rng.int(n);
    stops.geoms.push([[[(nx[j * n + i] as number) + rng.range(-25, 25), (ny[j * n + i] as number) + rng.range(-25, 25)]]]);
    (stops.attrs.name as string[]).push(`stop ${s + 1}`);
  }

  const landuse: SynthLayer = { kind: 'polygon', attrs: { landuse: [] }, geoms: [] };
  for (let l = 0; l < spec.landuse; l++) {
    const r = rng.range(40, 250), x = rng.range(ex0 + r, ex1 - r), y = rng.range(ey0 + r, ey1 - r);
    const rings = [star(rng, x, y, 0.7 * r, r, 8 + rng.int(8), true)];
    if (rng.next() < 0.1) rings.push(star(rng, x, y, 0.1 * r, 0.3 * r, 6, false));
    landuse.geoms.push([rings]);
    (landuse.attrs.landuse as string[]).push(LANDUSE_CLASSES[rng.int(LANDUSE_CLASSES.length)] as string);
  }

  return { size, seed, extent, layers: { zones, pts, buildings, amenities, stops, landuse, roads: roadLayer } };
}
