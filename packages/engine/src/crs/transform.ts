// Coordinate transforms between registry CRSs with proj4js. Positions are always x,y = east,north
// (longitude, latitude for geographic CRSs), whatever axis order the EPSG definition declares.

import proj4 from 'proj4';
import type { CrsDef } from './registry.ts';
import type { Geometry, Position } from '../geo/geojson.ts';

export type PointTransform = (x: number, y: number) => [number, number];

const cache = new Map<string, PointTransform>();

export function transformer(from: CrsDef, to: CrsDef): PointTransform {
  const key = `${from.id}>${to.id}`;
  let fn = cache.get(key);
  if (!fn) {
    if (from.proj4 === to.proj4) {
      fn = (x, y) => [x, y];
    } else {
      const conv = proj4(from.proj4, to.proj4);
      fn = (x, y) => {
        const out = conv.forward([x, y]);
        return [out[0] as number, out[1] as number];
      };
    }
    cache.set(key, fn);
  }
  return fn;
}

function mapPositions(coords: Position[], fn: PointTransform): Position[] {
  return coords.map((p) => {
    const [x, y] = fn(p[0] as number, p[1] as number);
    return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y];
  });
}

/** Returns a new geometry with every position transformed; z and m values are kept. */
export function transformGeometry(g: Geometry, fn: PointTransform): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: mapPositions([g.coordinates], fn)[0] as Position };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: mapPositions(g.coordinates, fn) };
    case 'LineString':
      return { type: 'LineString', coordinates: mapPositions(g.coordinates, fn) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => mapPositions(l, fn)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => mapPositions(r, fn)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => mapPositions(r, fn))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => transformGeometry(c, fn)) };
  }
}
