// Well-known text for geometries (OGC 06-103r4 simple features): the CSV reader's WKT column and
// the CSV writer's. Z and M values are kept as extra position members; an EMPTY geometry is null.

import type { Geometry, Position } from '@dothi/engine';

class WktSyntax extends Error {}

function tokenize(text: string): string[] {
  const tokens = text.match(/[A-Za-z]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[(),]|\S/g);
  return tokens ?? [];
}

/** Parses one WKT geometry (an EWKT `SRID=n;` prefix is ignored). Throws an Error saying what is wrong. */
export function parseGeometryWkt(text: string): Geometry | null {
  const body = text.trim().replace(/^SRID=\d+;/i, '');
  const t = tokenize(body);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const next = (): string => {
    const v = t[i++];
    if (v === undefined) throw new WktSyntax('unexpected end of text');
    return v;
  };
  const expect = (s: string): void => {
    const v = next();
    if (v !== s) throw new WktSyntax(`expected "${s}" but found "${v}"`);
  };
  const position = (): Position => {
    const p: Position = [];
    while (peek() !== ',' && peek() !== ')' && peek() !== undefined) {
      const v = Number(next());
      if (!Number.isFinite(v)) throw new WktSyntax(`"${t[i - 1]}" is not a number`);
      p.push(v);
    }
    if (p.length < 2 || p.length > 4) throw new WktSyntax(`a position has ${p.length} numbers`);
    return p;
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const out = [item()];
    while (peek() === ',') {
      next();
      out.push(item());
    }
    expect(')');
    return out;
  };
  const positions = (): Position[] => list(position);
  // MULTIPOINT is written both as (1 2, 3 4) and ((1 2), (3 4)).
  const multiPointMember = (): Position => {
    if (peek() !== '(') return position();
    next();
    const p = position();
    expect(')');
    return p;
  };
  const geometry = (): Geometry | null => {
    const type = next().toUpperCase();
    let tag = peek()?.toUpperCase();
    if (tag === 'Z' || tag === 'M' || tag === 'ZM') {
      next();
      tag = peek()?.toUpperCase();
    }
    if (tag === 'EMPTY') {
      next();
      return type === 'GEOMETRYCOLLECTION' ? { type: 'GeometryCollection', geometries: [] } : null;
    }
    switch (type) {
      case 'POINT': {
        expect('(');
        const p = position();
        expect(')');
        return { type: 'Point', coordinates: p };
      }
      case 'LINESTRING':
        return { type: 'LineString', coordinates: positions() };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: list(positions) };
      case 'MULTIPOINT':
        return { type: 'MultiPoint', coordinates: list(multiPointMember) };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: list(positions) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: list(() => list(positions)) };
      case 'GEOMETRYCOLLECTION': {
        const members = list(geometry).filter((g): g is Geometry => g !== null);
        return { type: 'GeometryCollection', geometries: members };
      }
      default:
        throw new WktSyntax(`unknown geometry type "${type}"`);
    }
  };
  const g = geometry();
  if (i < t.length) throw new WktSyntax(`unexpected "${t[i]}" after the geometry`);
  return g;
}

function pos(p: Position): string {
  return p.map((v) => String(v)).join(' ');
}

function ring(ps: Position[]): string {
  return `(${ps.map(pos).join(', ')})`;
}

function dimTag(g: Geometry): string {
  let dims = 2;
  const visit = (p: Position): void => {
    dims = Math.max(dims, p.length);
  };
  const walk = (x: Geometry): void => {
    switch (x.type) {
      case 'Point': visit(x.coordinates); break;
      case 'MultiPoint': case 'LineString': x.coordinates.forEach(visit); break;
      case 'MultiLineString': case 'Polygon': x.coordinates.forEach((r) => r.forEach(visit)); break;
      case 'MultiPolygon': x.coordinates.forEach((pl) => pl.forEach((r) => r.forEach(visit))); break;
      case 'GeometryCollection': x.geometries.forEach(walk); break;
    }
  };
  walk(g);
  return dims === 3 ? ' Z' : dims === 4 ? ' ZM' : '';
}

/** WKT for a geometry; numbers are written in JavaScript's shortest round-trip form, so parsing gives back the same doubles. */
export function formatGeometryWkt(g: Geometry): string {
  const z = dimTag(g);
  switch (g.type) {
    case 'Point': return `POINT${z} (${pos(g.coordinates)})`;
    case 'LineString': return g.coordinates.length ? `LINESTRING${z} ${ring(g.coordinates)}` : 'LINESTRING EMPTY';
    case 'Polygon': return g.coordinates.length ? `POLYGON${z} (${g.coordinates.map(ring).join(', ')})` : 'POLYGON EMPTY';
    case 'MultiPoint': return g.coordinates.length ? `MULTIPOINT${z} (${g.coordinates.map((p) => `(${pos(p)})`).join(', ')})` : 'MULTIPOINT EMPTY';
    case 'MultiLineString': return g.coordinates.length ? `MULTILINESTRING${z} (${g.coordinates.map(ring).join(', ')})` : 'MULTILINESTRING EMPTY';
    case 'MultiPolygon':
      return g.coordinates.length ? `MULTIPOLYGON${z} (${g.coordinates.map((p) => `(${p.map(ring).join(', ')})`).join(', ')})` : 'MULTIPOLYGON EMPTY';
    case 'GeometryCollection':
      return g.geometries.length ? `GEOMETRYCOLLECTION${z} (${g.geometries.map(formatGeometryWkt).join(', ')})` : 'GEOMETRYCOLLECTION EMPTY';
  }
}
