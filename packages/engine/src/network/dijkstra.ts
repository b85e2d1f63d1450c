// Bounded multi-source Dijkstra on CSR arrays. A workspace holds every buffer (distances, a binary
// heap of (key, node) in two typed arrays, the list of touched nodes), so thousands of small searches
// (one per POI, one per isochrone origin) allocate nothing and reset only what they touched.

import { DothiError } from '../errors.ts';
import type { ArcView, Network } from './network.ts';

export type NetworkWeight = 'length' | 'cost';

export class DijkstraWorkspace {
  /** Distance of every node from the last run's sources; Infinity when not reached within the bound. */
  readonly dist: Float64Array;
  /** The nodes the last run reached (dist ≤ bound), in the order they were first reached. */
  readonly touched: Uint32Array;
  touchedCount = 0;
  private readonly heapKey: Float64Array;
  private readonly heapNode: Uint32Array;

  constructor(readonly nodeCount: number, arcCount: number) {
    this.dist = new Float64Array(nodeCount).fill(Infinity);
    this.touched = new Uint32Array(nodeCount);
    // Lazy deletion: a node enters the heap once per improvement, at most once per arc plus once as a source.
    this.heapKey = new Float64Array(arcCount + nodeCount + 1);
    this.heapNode = new Uint32Array(arcCount + nodeCount + 1);
  }

  /** Forget the last run (only the touched entries are reset). */
  reset(): void {
    const dist = this.dist, touched = this.touched;
    for (let i = 0; i < this.touchedCount; i++) dist[touched[i] as number] = Infinity;
    this.touchedCount = 0;
  }

  /**
   * Shortest distances from `sources` over the arcs of `view` with per-arc `weights`, stopping at
   * `maxDistance` (nodes farther stay Infinity). Nodes exactly at the bound are reached, as in
   * pgr_drivingDistance.
   */
  run(view: ArcView, weights: Float64Array, sources: ArrayLike<number>, maxDistance: number): void {
    this.reset();
    const dist = this.dist, touched = this.touched, key = this.heapKey, hn = this.heapNode;
    const offsets = view.offsets, targets = view.targets;
    let size = 0;
    let tc = 0;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i] as number;
      if (!(s >= 0 && s < this.nodeCount && Number.isInteger(s))) {
        throw new DothiError('DOTHI_ENGINE_NETWORK_NODE_INVALID', { node: s, count: this.nodeCount });
      }
      if (dist[s] === 0) continue;
      dist[s] = 0;
      touched[tc++] = s;
      key[size] = 0; hn[size] = s; size++;
    }
    while (size > 0) {
      const d = key[0] as number, u = hn[0] as number;
      // Pop: move the last entry to the root and sift it down.
      size--;
      if (size > 0) {
        const lk = key[size] as number, ln = hn[size] as number;
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= size) break;
          const r = c + 1;
          if (r < size && (key[r] as number) < (key[c] as number)) c = r;
          if ((key[c] as number) >= lk) break;
          key[i] = key[c] as number; hn[i] = hn[c] as number;
          i = c;
        }
        key[i] = lk; hn[i] = ln;
      }
      if (d > (dist[u] as number)) continue;
      for (let k = offsets[u] as number, end = offsets[u + 1] as number; k < end; k++) {
        const v = targets[k] as number;
        const nd = d + (weights[k] as number);
        if (nd > maxDistance) continue;
        const old = dist[v] as number;
        if (nd >= old) continue;
        if (old === Infinity) touched[tc++] = v;
        dist[v] = nd;
        // Push: sift up from the end.
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if ((key[p] as number) <= nd) break;
          key[i] = key[p] as number; hn[i] = hn[p] as number;
          i = p;
        }
        key[i] = nd; hn[i] = v;
      }
    }
    this.touchedCount = tc;
  }
}

export function weightsOf(view: ArcView, weight: NetworkWeight | undefined): Float64Array {
  return weight === 'cost' ? view.cost : view.length;
}

/**
 * Distance from the nearest of `sources` to every node, following arcs forward (metres, or seconds
 * with weight 'cost'); Infinity beyond `maxDistance`.
 */
export function multiSourceDistances(
  net: Network,
  sources: ArrayLike<number>,
  maxDistance: number,
  opts: { weight?: NetworkWeight } = {},
): Float64Array {
  const ws = new DijkstraWorkspace(net.nodeCount, net.targets.length);
  ws.run(net, weightsOf(net, opts.weight), sources, maxDistance);
  return ws.dist;
}
