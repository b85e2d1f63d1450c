// Dissolve: the union of a polygon layer's rows, as one row, or one row per class of a text column
// (like ST_Union ... GROUP BY). Unions are built pairwise in a balanced tree, which keeps each
// polyclip-ts call small.

import { union } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import { stringColumn } from '../columnar/table.ts';
import type { Column, FeatureTable } from '../columnar/table.ts';
import { rowToPolyclip } from './clip.ts';
import { polygonTable } from './buffer.ts';
import { requireKind } from './point-in-polygon.ts';
import { classColumn } from './zonal-stats.ts';

type MultiPoly = [number, number][][][];

function unionTree(items: MultiPoly[]): MultiPoly {
  let level = items.filter((m) => m.length > 0);
  if (level.length === 0) return [];
  // A single input still goes through union once, so overlapping parts of one row merge too.
  if (level.length === 1) return union(level[0] as Geom) as MultiPoly;
  while (level.length > 1) {
    const next: MultiPoly[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i] as MultiPoly, b = level[i + 1];
      next.push(b ? (union(a as Geom, b as Geom) as MultiPoly) : (union(a as Geom) as MultiPoly));
    }
    level = next;
  }
  return level[0] as MultiPoly;
}

/**
 * Rows dissolved into one polygon row, or one per value of the text column `by` (rows with no value
 * are dropped), in the column's dictionary order; the output has the `by` column only.
 */
export function dissolve(table: FeatureTable, opts: { by?: string } = {}): FeatureTable {
  requireKind(table, 'polygon', 'polygons');
  const g = table.geometry;
  if (opts.by === undefined) {
    const all: MultiPoly[] = [];
    for (let r = 0; r < table.length; r++) all.push(rowToPolyclip(g, r));
    return polygonTable([unionTree(all)], {}, table.crs);
  }
  const cls = classColumn(table, opts.by);
  const groups: MultiPoly[][] = cls.dictionary.map(() => []);
  for (let r = 0; r < table.length; r++) {
    const k = cls.codes[r] as number;
    if (k >= 0) (groups[k] as MultiPoly[]).push(rowToPolyclip(g, r));
  }
  const keep: number[] = [];
  groups.forEach((grp, k) => { if (grp.length > 0) keep.push(k); });
  const rows = keep.map((k) => unionTree(groups[k] as MultiPoly[]));
  const columns: Record<string, Column> = { [opts.by]: stringColumn(keep.map((k) => cls.dictionary[k] as string)) };
  return polygonTable(rows, columns, table.crs);
}
