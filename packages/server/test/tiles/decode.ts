// Reading tiles back the way a map does (@mapbox/vector-tile over pbf), and the Web Mercator tile
// arithmetic the tests check geometry with, written out here rather than taken from the libraries
// under test.

import assert from 'node:assert/strict';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';

export type LonLat = [number, number];

export interface DecodedFeature {
  id: number | undefined;
  /** 1 point, 2 line, 3 polygon. */
  type: number;
  properties: Record<string, string | number | boolean>;
  /** Rings or parts in lon/lat, as the tile holds them (polygon rings closed). */
  parts: LonLat[][];
}

export interface DecodedTile {
  layers: string[];
  extent: number;
  features: DecodedFeature[];
}

/** Tile-pixel coordinates (0..extent, y down) of tile z/x/y back to longitude and latitude. */
export function pixelToLonLat(z: number, x: number, y: number, extent: number, px: number, py: number): LonLat {
  const n = 2 ** z;
  const lon = ((x + px / extent) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + py / extent)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** The tile at zoom z that contains a point. */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

/** [west, south, east, north] of a tile. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const [w, n] = pixelToLonLat(z, x, y, 1, 0, 0);
  const [e, s] = pixelToLonLat(z, x, y, 1, 1, 1);
  return [w, s, e, n];
}

/** How far one tile pixel reaches at zoom z, in degrees of longitude and of latitude near lat. */
export function pixelSize(z: number, extent: number, lat: number): { lon: number; lat: number } {
  const lon = 360 / 2 ** z / extent;
  return { lon, lat: lon * Math.cos((lat * Math.PI) / 180) };
}

export function decodeTile(body: Buffer, z: number, x: number, y: number): DecodedTile {
  const tile = new VectorTile(new PbfReader(new Uint8Array(body)));
  const layers = Object.keys(tile.layers);
  assert.equal(layers.length, 1, `one source-layer per tile, got ${layers.join(', ')}`);
  const layer = tile.layers[layers[0]!]!;
  const features: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    const parts = f.loadGeometry().map((ring) => ring.map((p) => pixelToLonLat(z, x, y, layer.extent, p.x, p.y)));
    features.push({ id: f.id, type: f.type, properties: { ...f.properties }, parts });
  }
  return { layers, extent: layer.extent, features };
}

/** Same length and every vertex within one tile pixel, in the given order or reversed (tiles wind outer rings clockwise). */
export function ringMatches(got: LonLat[], want: number[][], tol: { lon: number; lat: number }): boolean {
  if (got.length !== want.length) return false;
  const close = (a: LonLat, b: number[] | undefined): boolean =>
    b !== undefined && Math.abs(a[0] - (b[0] ?? NaN)) <= tol.lon && Math.abs(a[1] - (b[1] ?? NaN)) <= tol.lat;
  const forward = got.every((p, i) => close(p, want[i]));
  const backward = got.every((p, i) => close(p, want[want.length - 1 - i]));
  return forward || backward;
}
