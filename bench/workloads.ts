// The analysis workloads W1–W5: the peer's SQL (verbatim from the baseline, bench/sql/), our engine calls,
// the one-row checksum each side computes, and how the two checksums must agree.
//
// Timing convention. The peer's timed query runs on tables and GiST indexes built beforehand (as in the
// baseline); our timed run starts from the FeatureTables in memory and includes building our own
// indexes (zone grid, k-d tree over targets, polygon R-tree). For W4/W5 the peer's edges and vertices
// tables are built beforehand (03_edges + 04_topo_extract); our Network is likewise built once outside
// the timed run, and the two builds are compared in their own row (NET). Snapping stops and amenities to
// the network is inside the timed run on both sides (the peer's KNN snap is part of its query).

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aggregateWithin, buildNetwork, isochrones, multiSourceDistances, nearest, overlayAreas, snapPoints, zonalStats } from '@dothi/engine';
import type { FeatureTable, Network } from '@dothi/engine';
import type { AnalysisPool } from '../packages/server/src/analysis/parallel-analysis.ts';

export const WORKLOADS = ['W1', 'W2', 'W3', 'W4a', 'W4b', 'W5', 'NET'] as const;
export type WorkloadId = (typeof WORKLOADS)[number];
export type Checksum = Record<string, number>;
/**
 * exact; a relative tolerance (plus half a unit of the peer's last digit where the peer's SQL rounds,
 * `decimals`); or informational (printed, never a failure).
 */
export type Agreement = 'exact' | { rel: number; decimals?: number; why: string } | { info: string };

export interface WorkloadDef {
  title: string;
  peer: string;
  /** Tables the engine side reads (raw size for the memory comparison). */
  tables: string[];
  agree: Record<string, Agreement>;
  /** Threads > 1 supported through the AnalysisPool. */
  parallel: boolean;
}

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));
const sql = (name: string): string => fs.readFileSync(`${SQL_DIR}${name}.sql`, 'utf8');

export const DEFS: Record<WorkloadId, WorkloadDef> = {
  W1: {
    title: 'zonal count + sum, points × 1,000 zones', peer: 'PostGIS 3.3', tables: ['pts', 'zones'], parallel: true,
    agree: { zones: 'exact', pts_in_zones: 'exact', sum_val: { rel: 1e-11, decimals: 3, why: 'the peer rounds to 0.001 and sums per-zone float8 in its own order' }, max_n: 'exact' },
  },
  W2: {
    title: 'distance to nearest amenity', peer: 'PostGIS 3.3', tables: ['pts', 'amenities'], parallel: true,
    agree: { n: 'exact', sum_dist: { rel: 1e-11, decimals: 3, why: 'sum of 1e5–1e6 float8 in different orders, peer rounded to 0.001' }, max_dist: { rel: 0, decimals: 3, why: 'peer rounded to 0.001' } },
  },
  W3: {
    title: 'land-use × zones overlay, area by class', peer: 'PostGIS 3.3 (GEOS)', tables: ['zones', 'landuse'], parallel: true,
    agree: {
      zone_class_rows: { info: 'the peer counts every (zone, class) pair whose shapes touch (ST_Intersects), ours those with area > 0' },
      total_area_m2: { rel: 1e-6, decimals: 1, why: 'GEOS and polyclip-ts clip with different round-off; 1e-6 of the total is < 20 m² of 17 km²' },
    },
  },
  W4a: {
    title: 'network distance to nearest transit stop (≤ 800 m), every node', peer: 'pgRouting 3.4 (exact multi-source)', tables: ['roads', 'stops'], parallel: true,
    agree: { vertices_within_800: 'exact', sum_dist: { rel: 1e-9, decimals: 3, why: 'path lengths summed per edge in a different order' }, max_dist: { rel: 1e-12, decimals: 3, why: 'peer rounded to 0.001' } },
  },
  W4b: {
    title: 'amenities within 800 m along the network, every node', peer: 'pgRouting 3.4 (reverse form, 1 Dijkstra per amenity node)', tables: ['roads', 'amenities'], parallel: true,
    agree: { vertices: 'exact', sum_count: 'exact', max_count: 'exact', with_any: 'exact' },
  },
  W5: {
    title: '100 isochrones of 800 m (concave hulls)', peer: 'pgRouting 3.4 + ST_ConcaveHull', tables: ['roads', 'vertices'], parallel: true,
    agree: {
      isochrones: 'exact', nodes: 'exact', polygons: 'exact',
      sum_area_m2: { info: 'our gift-opening concave hull (concaveman\'s algorithm) and GEOS ST_ConcaveHull(0.5) are different hull algorithms; areas agree only roughly' },
    },
  },
  NET: {
    title: 'network build: split roads at shared vertices + topology', peer: 'SQL 03_edges + pgr_extractVertices (04_topo_extract)', tables: ['roads'], parallel: false,
    agree: { nodes: 'exact', edges: 'exact' },
  },
};

/** The peer's SQL for a workload; W2 on a subset uses the baseline's W2a_half with literal bounds. */
export function peerSql(id: WorkloadId, w2Limit: number | undefined): string {
  switch (id) {
    case 'W1': return sql('W1');
    case 'W2': return w2Limit === undefined ? sql('W2a') : sql('W2a_half').replace('BETWEEN :lo AND :hi', `BETWEEN 1 AND ${w2Limit}`);
    case 'W3': return sql('W3');
    case 'W4a': return sql('W4a_min');
    case 'W4b': return sql('W4b_rev');
    case 'W5': return sql('W5');
    case 'NET': return 'SELECT (SELECT count(*) FROM b.vertices)::int AS nodes, (SELECT count(*) FROM b.edges)::int AS edges';
  }
}

export interface Inputs {
  tables: Record<string, FeatureTable>;
  originXY: Float64Array;
  w2Limit?: number;
  /** Built outside the timed run (see the timing convention above). */
  net?: Network;
  originNodes?: Uint32Array;
}

/** What runs outside the timed loop: the network for W4/W5 and W5's origins as our node numbers. */
export function setup(id: WorkloadId, inp: Inputs): void {
  if (id !== 'W4a' && id !== 'W4b' && id !== 'W5') return;
  const net = buildNetwork(inp.tables.roads as FeatureTable, { mode: 'walk' });
  inp.net = net;
  if (id === 'W5') {
    const at = new Map<string, number>();
    for (let v = 0; v < net.nodeCount; v++) at.set(`${net.x[v]},${net.y[v]}`, v);
    const n = inp.originXY.length / 2;
    inp.originNodes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = at.get(`${inp.originXY[2 * i]},${inp.originXY[2 * i + 1]}`);
      if (v === undefined) throw new Error(`W5 origin ${i} is not a node of our network: the two networks differ`);
      inp.originNodes[i] = v;
    }
  }
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i] as number[], q = ring[i + 1] as number[];
    a += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  return a / 2;
}

const sumOf = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] as number; return s; };

/** One timed run of ours; `pool` given = the multi-threaded path. Returns the checksum row. */
export async function runOurs(id: WorkloadId, inp: Inputs, pool?: AnalysisPool): Promise<Checksum> {
  const T = inp.tables as Record<string, FeatureTable>;
  switch (id) {
    case 'W1': {
      const pts = T.pts as FeatureTable, zones = T.zones as FeatureTable;
      const z = pool ? await pool.zonalStats(pts, zones, { value: 'val' }) : zonalStats(pts, zones, { value: 'val' });
      let n = 0, s = 0, max = 0;
      for (let i = 0; i < z.count.length; i++) { n += z.count[i] as number; s += z.sum[i] as number; max = Math.max(max, z.count[i] as number); }
      return { zones: z.count.length, pts_in_zones: n, sum_val: s, max_n: max };
    }
    case 'W2': {
      const pts = T.pts as FeatureTable, am = T.amenities as FeatureTable;
      const n = inp.w2Limit ?? pts.length;
      const origins = n === pts.length ? pts : { ...pts, length: n, geometry: { ...pts.geometry, geomOffsets: pts.geometry.geomOffsets.subarray(0, n + 1) }, columns: {} };
      const r = pool ? await pool.nearest(origins, am, { k: 1 }) : nearest(origins, am, { k: 1 });
      let s = 0, max = 0, c = 0;
      for (let i = 0; i < r.distance.length; i++) { const d = r.distance[i] as number; if (d !== Infinity) { c++; s += d; if (d > max) max = d; } }
      return { n: c, sum_dist: s, max_dist: max };
    }
    case 'W3': {
      const o = pool ? await pool.overlayAreas(T.zones as FeatureTable, T.landuse as FeatureTable, { classBy: 'landuse' })
        : overlayAreas(T.zones as FeatureTable, T.landuse as FeatureTable, { classBy: 'landuse' });
      let rows = 0;
      for (let i = 0; i < o.area.length; i++) if ((o.area[i] as number) > 0) rows++;
      return { zone_class_rows: rows, total_area_m2: sumOf(o.area) };
    }
    case 'W4a': {
      const net = inp.net as Network;
      const stops = [...new Set(snapPoints(net, T.stops as FeatureTable))];
      const d = pool ? await pool.nearestPoi(net, stops, 800) : multiSourceDistances(net, stops, 800);
      let c = 0, s = 0, max = 0;
      for (let v = 0; v < net.nodeCount; v++) { const x = d[v] as number; if (x <= 800) { c++; s += x; if (x > max) max = x; } }
      return { vertices_within_800: c, sum_dist: s, max_dist: max };
    }
    case 'W4b': {
      const net = inp.net as Network;
      const am = snapPoints(net, T.amenities as FeatureTable);
      const a = pool ? await pool.aggregateWithin(net, am, 800) : aggregateWithin(net, am, 800);
      let s = 0, max = 0, any = 0;
      for (let v = 0; v < a.length; v++) { const x = a[v] as number; s += x; if (x > max) max = x; if (x > 0) any++; }
      return { vertices: a.length, sum_count: s, max_count: max, with_any: any };
    }
    case 'W5': {
      const iso = pool ? await pool.isochrones(inp.net as Network, inp.originNodes as Uint32Array, 800)
        : isochrones(inp.net as Network, inp.originNodes as Uint32Array, 800);
      let nodes = 0, area = 0, polys = 0;
      for (const i of iso) {
        nodes += i.nodes;
        if (i.polygon) { polys++; area += Math.abs(ringArea(i.polygon.coordinates[0] as number[][])); }
      }
      return { isochrones: iso.length, nodes, sum_area_m2: area, polygons: polys };
    }
    case 'NET': {
      const net = buildNetwork(T.roads as FeatureTable, { mode: 'walk' });
      return { nodes: net.nodeCount, edges: net.edgeCount };
    }
  }
}

/** Differences between the two checksum rows that count as failures (informational fields never do). */
export function compare(id: WorkloadId, ours: Checksum, peer: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const [k, how] of Object.entries(DEFS[id].agree)) {
    const p = Number(peer[k]), o = ours[k] as number;
    if (typeof how === 'object' && 'info' in how) continue;
    const ok = how === 'exact' ? p === o
      : Math.abs(p - o) <= how.rel * Math.abs(p) + (how.decimals === undefined ? 0 : 0.5 * 10 ** -how.decimals + 1e-9);
    if (!ok) bad.push(`${k}: ours ${o} vs peer ${p}`);
  }
  return bad;
}
