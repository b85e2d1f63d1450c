// Network aggregations for every node, like pandana's `aggregate` and `nearest_pois`: what lies within
// D metres along the network. Both run from the POIs outwards on the reverse arcs (distance from a node
// to a POI is the distance from the POI to the node against the arcs), which needs one bounded search
// per distinct POI node instead of one per node of the city.

import { DothiError } from '../errors.ts';
import { DijkstraWorkspace, weightsOf } from './dijkstra.ts';
import type { NetworkWeight } from './dijkstra.ts';
import { reverseArcs } from './network.ts';
import type { Network } from './network.ts';

export interface NetworkNodeRange {
  /** First node of the result (default 0). */
  start?: number;
  /** One past the last node of the result (default nodeCount). */
  end?: number;
}

function range(net: Network, opts: NetworkNodeRange): [number, number] {
  const start = opts.start ?? 0, end = opts.end ?? net.nodeCount;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= net.nodeCount && start <= end)) {
    throw new DothiError('DOTHI_USAGE', { detail: `node range ${start}..${end} is outside 0..${net.nodeCount}` });
  }
  return [start, end];
}

function checkNode(net: Network, v: number): void {
  if (!(Number.isInteger(v) && v >= 0 && v < net.nodeCount)) {
    throw new DothiError('DOTHI_ENGINE_NETWORK_NODE_INVALID', { node: v, count: net.nodeCount });
  }
}

/**
 * Count (or sum of `weights`) of the POIs within network distance `radius` (≤) of every node in
 * start..end; result index i is node start + i. Each node's total is added up in the order the POI
 * nodes first appear in `poiNodes`, whatever the range, so ranges computed apart concatenate to the
 * whole-network result bit for bit.
 */
export function aggregateWithin(
  net: Network,
  poiNodes: ArrayLike<number>,
  radius: number,
  opts: NetworkNodeRange & { weights?: ArrayLike<number>; weight?: NetworkWeight } = {},
): Float64Array {
  const [start, end] = range(net, opts);
  const firstSlot = new Map<number, number>();
  const nodes: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < poiNodes.length; i++) {
    const p = poiNodes[i] as number;
    checkNode(net, p);
    const w = opts.weights ? (opts.weights[i] as number) : 1;
    const slot = firstSlot.get(p);
    if (slot === undefined) { firstSlot.set(p, nodes.length); nodes.push(p); totals.push(w); }
    else totals[slot] = (totals[slot] as number) + w;
  }
  const out = new Float64Array(end - start);
  const rev = reverseArcs(net);
  const weights = weightsOf(rev, opts.weight);
  const ws = new DijkstraWorkspace(net.nodeCount, rev.targets.length);
  const source = new Uint32Array(1);
  const touched = ws.touched;
  for (let j = 0; j < nodes.length; j++) {
    source[0] = nodes[j] as number;
    ws.run(rev, weights, source, radius);
    const w = totals[j] as number;
    for (let i = 0; i < ws.touchedCount; i++) {
      const v = touched[i] as number;
      if (v >= start && v < end) out[v - start] = (out[v - start] as number) + w;
    }
  }
  return out;
}

/** Network distance from every node in start..end to its nearest POI; Infinity beyond `maxDistance`. */
export function nearestPoi(
  net: Network,
  poiNodes: ArrayLike<number>,
  maxDistance: number,
  opts: NetworkNodeRange & { weight?: NetworkWeight } = {},
): Float64Array {
  const [start, end] = range(net, opts);
  const rev = reverseArcs(net);
  const ws = new DijkstraWorkspace(net.nodeCount, rev.targets.length);
  ws.run(rev, weightsOf(rev, opts.weight), poiNodes, maxDistance);
  return ws.dist.slice(start, end);
}

/**
 * Share of the population (weights at nodes) whose nearest target lies within `radius` along the
 * network; NaN when the total population is zero.
 */
export function populationShareWithin(
  net: Network,
  popNodes: ArrayLike<number>,
  popWeights: ArrayLike<number>,
  targetNodes: ArrayLike<number>,
  radius: number,
  opts: { weight?: NetworkWeight } = {},
): number {
  if (popNodes.length !== popWeights.length) {
    throw new DothiError('DOTHI_USAGE', { detail: `${popNodes.length} population nodes but ${popWeights.length} weights` });
  }
  const d = nearestPoi(net, targetNodes, radius, opts);
  let total = 0, within = 0;
  for (let i = 0; i < popNodes.length; i++) {
    const v = popNodes[i] as number;
    checkNode(net, v);
    const w = popWeights[i] as number;
    total += w;
    if ((d[v] as number) <= radius) within += w;
  }
  return total === 0 ? NaN : within / total;
}
