// Points onto the network: each point to its nearest node by straight-line distance (the baseline's
// KNN snap, `ORDER BY v.geom <-> p.geom LIMIT 1`); the distance off the network is not added.

import Flatbush from 'flatbush';
import type { FeatureTable } from '../columnar/table.ts';
import { rowVertexRange } from '../columnar/table.ts';
import { DothiError } from '../errors.ts';
import type { Network } from './network.ts';

/** Marks a point that could not be snapped (an empty geometry, or an empty network). */
export const NO_NODE = 0xffffffff;

const indexCache = new WeakMap<Network, Flatbush>();

function nodeIndex(net: Network): Flatbush {
  let idx = indexCache.get(net);
  if (!idx) {
    idx = new Flatbush(Math.max(net.nodeCount, 1));
    for (let v = 0; v < net.nodeCount; v++) {
      const x = net.x[v] as number, y = net.y[v] as number;
      idx.add(x, y, x, y);
    }
    if (net.nodeCount === 0) idx.add(0, 0, 0, 0);
    idx.finish();
    indexCache.set(net, idx);
  }
  return idx;
}

/** The node nearest (x, y); among equally near nodes the lowest id, so the answer never depends on the index. */
export function nearestNode(net: Network, x: number, y: number): number {
  if (net.nodeCount === 0) return NO_NODE;
  const idx = nodeIndex(net);
  const [first] = idx.neighbors(x, y, 1);
  if (first === undefined) return NO_NODE;
  const dx = (net.x[first] as number) - x, dy = (net.y[first] as number) - y;
  const r = Math.sqrt(dx * dx + dy * dy);
  let best = first;
  for (const v of idx.neighbors(x, y, Infinity, r)) {
    const ex = (net.x[v] as number) - x, ey = (net.y[v] as number) - y;
    if (ex * ex + ey * ey === dx * dx + dy * dy && v < best) best = v;
  }
  return best;
}

/** Nearest node of every point row (its first vertex); NO_NODE for empty rows. Same CRS as the network. */
export function snapPoints(net: Network, points: FeatureTable): Uint32Array {
  if (points.geometry.kind !== 'point' && points.length > 0) {
    throw new DothiError('DOTHI_ENGINE_GEOMETRY_MIXED', { index: 0, expected: 'point', found: points.geometry.kind });
  }
  const out = new Uint32Array(points.length);
  const c = points.geometry.coords;
  for (let r = 0; r < points.length; r++) {
    const [s, e] = rowVertexRange(points.geometry, r);
    out[r] = s === e ? NO_NODE : nearestNode(net, c[2 * s] as number, c[2 * s + 1] as number);
  }
  return out;
}
