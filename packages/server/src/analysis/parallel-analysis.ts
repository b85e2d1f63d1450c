// Zonal, nearest and network analyses split over worker threads, with the same result as one thread,
// bit for bit. The split operand (points, origins, POIs) is cut into contiguous ranges; each worker gets
// its range as a fresh copy that is transferred (moved, not copied again), and its own structured-clone
// copy of the shared operand (zones, targets, network), so the caller's tables are never detached.
// Results merge exactly: zonal sums and overlay areas through the engine's exact partial sums (mergeZonalStats), nearest
// and isochrones by concatenation in row order, network counts by integer addition and nearest distances by minimum.

import {
  aggregateWithin, concatRanges, isochrones, mergeOverlay, mergeZonalStats, nearest, nearestPoi, overlayAreas, sliceRows, splitRange, transferables, zonalStats,
} from '@dothi/engine';
import type { FeatureTable, Isochrone, NearestResult, Network, OverlayResult, ZonalStats } from '@dothi/engine';
import { analysisThreads } from './thread-count.ts';
import type { ThreadOptions } from './thread-count.ts';
import { WorkerPool } from './worker-pool.ts';

function isIntegral(w: ArrayLike<number> | undefined): boolean {
  if (!w) return true;
  for (let i = 0; i < w.length; i++) if (!Number.isSafeInteger(w[i] as number)) return false;
  return true;
}

/**
 * Runs analyses on `threads` threads (ThreadOptions; by default the free cores). With one thread it
 * calls the engine directly on the caller's thread and starts no worker.
 */
export class AnalysisPool {
  readonly threads: number;
  private readonly pool: WorkerPool | null;

  constructor(opts: ThreadOptions = {}) {
    this.threads = analysisThreads(opts);
    this.pool = this.threads > 1 ? new WorkerPool(this.threads) : null;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  async zonalStats(points: FeatureTable, zones: FeatureTable, opts: { value?: string; classBy?: string } = {}): Promise<ZonalStats> {
    const pool = this.pool;
    const ranges = splitRange(points.length, this.threads);
    if (!pool || ranges.length < 2) return zonalStats(points, zones, opts);
    const parts = await Promise.all(ranges.map((r, i) => {
      const slice = sliceRows(points, r.start, r.end);
      return pool.run<ZonalStats>(i, { op: 'zonalStats', points: slice, zones, opts }, transferables(slice));
    }));
    return parts.reduce((a, b) => mergeZonalStats(a, b));
  }

  /** Intersection area by class per zone, split over the polygon rows (class dictionaries are shared by the slices). */
  async overlayAreas(zones: FeatureTable, polys: FeatureTable, opts: { classBy: string }): Promise<OverlayResult> {
    const pool = this.pool;
    const ranges = splitRange(polys.length, this.threads);
    if (!pool || ranges.length < 2) return overlayAreas(zones, polys, opts);
    const parts = await Promise.all(ranges.map((r, i) => {
      const slice = sliceRows(polys, r.start, r.end);
      return pool.run<OverlayResult>(i, { op: 'overlayAreas', zones, polys: slice, opts }, transferables(slice));
    }));
    return parts.reduce((a, b) => mergeOverlay(a, b));
  }

  async nearest(origins: FeatureTable, targets: FeatureTable, opts: { k?: number; maxDistance?: number } = {}): Promise<NearestResult> {
    const pool = this.pool;
    const ranges = splitRange(origins.length, this.threads);
    if (!pool || ranges.length < 2) return nearest(origins, targets, opts);
    const parts = await Promise.all(ranges.map((r, i) => {
      const slice = sliceRows(origins, r.start, r.end);
      return pool.run<NearestResult>(i, { op: 'nearest', origins: slice, targets, opts }, transferables(slice));
    }));
    return {
      index: concatRanges(parts.map((p) => p.index), (n) => new Int32Array(n)),
      distance: concatRanges(parts.map((p) => p.distance), (n) => new Float64Array(n)),
    };
  }

  /**
   * POI count (or integer-weighted sum) within `radius` of every node. The engine searches outwards
   * from the POIs, so the work is split over POIs and the per-node totals added: integers add exactly
   * in any order. Fractional weights would not, so those are split by node range instead (the engine's
   * start/end), which is exact but only saves the aggregation, not the searches.
   */
  async aggregateWithin(net: Network, poiNodes: ArrayLike<number>, radius: number, opts: { weights?: ArrayLike<number> } = {}): Promise<Float64Array> {
    const pool = this.pool;
    if (!pool || poiNodes.length < 2) return aggregateWithin(net, poiNodes, radius, opts);
    if (!isIntegral(opts.weights)) {
      const ranges = splitRange(net.nodeCount, this.threads);
      const parts = await Promise.all(ranges.map((r, i) => pool.run<Float64Array>(i, {
        op: 'aggregateWithin', net, poiNodes: Float64Array.from(poiNodes), radius, opts: { weights: opts.weights ? Float64Array.from(opts.weights) : undefined, start: r.start, end: r.end },
      })));
      return concatRanges(parts, (n) => new Float64Array(n));
    }
    const groups = this.poiGroups(poiNodes);
    const parts = await Promise.all(groups.map((g, i) => {
      const nodes = new Float64Array(g.length), weights = new Float64Array(g.length);
      g.forEach((k, j) => { nodes[j] = poiNodes[k] as number; weights[j] = opts.weights ? (opts.weights[k] as number) : 1; });
      return pool.run<Float64Array>(i, { op: 'aggregateWithin', net, poiNodes: nodes, radius, opts: { weights } }, [nodes.buffer, weights.buffer]);
    }));
    const out = new Float64Array(net.nodeCount);
    for (const p of parts) for (let v = 0; v < out.length; v++) out[v] = (out[v] as number) + (p[v] as number);
    return out;
  }

  /** Network distance to the nearest POI for every node: split over POIs, merged by minimum (exact). */
  async nearestPoi(net: Network, poiNodes: ArrayLike<number>, maxDistance: number): Promise<Float64Array> {
    const pool = this.pool;
    if (!pool || poiNodes.length < 2) return nearestPoi(net, poiNodes, maxDistance);
    const groups = this.poiGroups(poiNodes);
    const parts = await Promise.all(groups.map((g, i) => {
      const nodes = Float64Array.from(g, (k) => poiNodes[k] as number);
      return pool.run<Float64Array>(i, { op: 'nearestPoi', net, poiNodes: nodes, maxDistance, opts: {} }, [nodes.buffer]);
    }));
    const out = (parts[0] as Float64Array).slice();
    for (const p of parts.slice(1)) for (let v = 0; v < out.length; v++) if ((p[v] as number) < (out[v] as number)) out[v] = p[v] as number;
    return out;
  }

  /** Isochrones split over the origins with the engine's start/end; results concatenate in origin order. */
  async isochrones(net: Network, origins: ArrayLike<number>, maxDistance: number, opts: { concavity?: number } = {}): Promise<Isochrone[]> {
    const pool = this.pool;
    const ranges = splitRange(origins.length, this.threads);
    if (!pool || ranges.length < 2) return isochrones(net, origins, maxDistance, opts);
    const all = Float64Array.from(origins);
    const parts = await Promise.all(ranges.map((r, i) => pool.run<Isochrone[]>(i, { op: 'isochrones', net, origins: all, maxDistance, opts: { ...opts, start: r.start, end: r.end } })));
    return parts.flat();
  }

  /** POI rows grouped by node (all rows of one node in one group, so each node is searched once), balanced by count. */
  private poiGroups(poiNodes: ArrayLike<number>): number[][] {
    const byNode = new Map<number, number[]>();
    for (let k = 0; k < poiNodes.length; k++) {
      const v = poiNodes[k] as number;
      const rows = byNode.get(v);
      if (rows) rows.push(k); else byNode.set(v, [k]);
    }
    const distinct = [...byNode.values()];
    return splitRange(distinct.length, this.threads).map((r) => distinct.slice(r.start, r.end).flat());
  }
}
