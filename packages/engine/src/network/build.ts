// Street network from a roads layer (lines in a metric CRS). Topology follows OSM node sharing, as the
// pgRouting baseline's 03_edges.sql does: a line is cut at every vertex whose exact coordinates occur
// more than once in the layer (a node shared with another way, or met twice by the same way) and at its
// ends; lines that cross without a shared vertex (bridges, tunnels) stay apart.

import type { FeatureTable } from '../columnar/table.ts';
import { DothiError } from '../errors.ts';
import { ARC_BACKWARD, ARC_BOTH, ARC_FORWARD, networkFromEdges } from './network.ts';
import type { Network } from './network.ts';
import { MODE_EXCLUDED, onewayDirection, speedKmh, textValues } from './speeds.ts';
import type { TravelMode } from './speeds.ts';

export interface BuildNetworkOptions {
  mode?: TravelMode;
  /** Metres; edge ends closer than this merge into one node (default 0: shared vertices only). */
  snapTolerance?: number;
  /** Column with the OSM highway class (default 'highway'). */
  highway?: string;
  /** Column with the OSM oneway tag (default 'oneway'); only driving obeys it. */
  oneway?: string;
  /** Column with the OSM junction tag (default 'junction'): a roundabout is one-way as drawn unless tagged otherwise. */
  junction?: string;
}

/** Open-addressing hash of exact coordinate pairs → dense id in order of first appearance. */
class CoordIndex {
  private slots: Int32Array;
  private mask: number;
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  private readonly f = new Float64Array(2);
  private readonly u = new Uint32Array(this.f.buffer);

  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private hash(x: number, y: number): number {
    this.f[0] = x; this.f[1] = y;
    let h = Math.imul((this.u[0] as number) ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (this.u[1] as number) ^ (h >>> 13), 0xc2b2ae35);
    h = Math.imul(h ^ (this.u[2] as number) ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (this.u[3] as number) ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The id of (x, y), adding it when new. -0 and 0 are one coordinate, as in SQL equality. */
  id(x0: number, y0: number): number {
    const x = x0 + 0, y = y0 + 0;
    let i = this.hash(x, y);
    for (;;) {
      const k = this.slots[i] as number;
      if (k < 0) break;
      if (this.xs[k] === x && this.ys[k] === y) return k;
      i = (i + 1) & this.mask;
    }
    const k = this.xs.length;
    this.slots[i] = k;
    this.xs.push(x); this.ys.push(y);
    if (this.xs.length * 2 > this.slots.length) this.grow();
    return k;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let k = 0; k < this.xs.length; k++) {
      let i = this.hash(this.xs[k] as number, this.ys[k] as number);
      while ((this.slots[i] as number) >= 0) i = (i + 1) & this.mask;
      this.slots[i] = k;
    }
  }
}

/**
 * Merge nodes closer than `tol`: nodes are visited in id order and each joins the first earlier
 * representative within `tol` (grid cells of size `tol`, neighbour cells scanned in fixed order), so
 * the result does not depend on anything but the input order.
 */
function snapNodes(xs: number[], ys: number[], tol: number): Int32Array {
  const n = xs.length;
  const rep = new Int32Array(n);
  const cells = new Map<string, number[]>();
  const tol2 = tol * tol;
  for (let v = 0; v < n; v++) {
    const x = xs[v] as number, y = ys[v] as number;
    const cx = Math.floor(x / tol), cy = Math.floor(y / tol);
    let best = -1;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = cells.get(`${cx + dx},${cy + dy}`);
        if (!list) continue;
        for (const r of list) {
          const ex = (xs[r] as number) - x, ey = (ys[r] as number) - y;
          if (ex * ex + ey * ey < tol2 && (best < 0 || r < best)) best = r;
        }
      }
    }
    if (best >= 0) { rep[v] = best; continue; }
    rep[v] = v;
    const key = `${cx},${cy}`;
    const list = cells.get(key);
    if (list) list.push(v); else cells.set(key, [v]);
  }
  return rep;
}

/** Routable network of a lines table in a metric CRS. Nodes are numbered in order of first appearance. */
export function buildNetwork(roads: FeatureTable, opts: BuildNetworkOptions = {}): Network {
  const mode = opts.mode ?? 'walk';
  const g = roads.geometry;
  if (g.kind !== 'line' && roads.length > 0) {
    throw new DothiError('DOTHI_ENGINE_NETWORK_NOT_LINES', { kind: g.kind });
  }
  const highway = textValues(roads.columns[opts.highway ?? 'highway'], roads.length);
  const oneway = mode === 'drive' ? textValues(roads.columns[opts.oneway ?? 'oneway'], roads.length) : null;
  const junction = mode === 'drive' ? textValues(roads.columns[opts.junction ?? 'junction'], roads.length) : null;
  const excluded = MODE_EXCLUDED[mode];
  const c = g.coords;
  const parts = g.partOffsets ?? new Uint32Array(1);

  // Pass 1: every vertex of every kept line → coordinate id, and how often each coordinate occurs.
  const keep = new Uint8Array(roads.length);
  let kept = 0;
  for (let r = 0; r < roads.length; r++) {
    const h = highway ? highway[r] ?? null : null;
    if (h !== null && excluded.has(h)) continue;
    keep[r] = 1;
    kept += (parts[g.geomOffsets[r + 1] as number] as number) - (parts[g.geomOffsets[r] as number] as number);
  }
  const coordsIndex = new CoordIndex(kept);
  const vid = new Int32Array(c.length / 2).fill(-1);
  const occurrences = new Uint32Array(c.length / 2);
  for (let r = 0; r < roads.length; r++) {
    if (!keep[r]) continue;
    for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
      const s = parts[p] as number, e = parts[p + 1] as number;
      if (e - s < 2) continue;
      for (let v = s; v < e; v++) {
        const x = c[2 * v] as number, y = c[2 * v + 1] as number;
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          throw new DothiError('DOTHI_ENGINE_NETWORK_BAD_COORDINATE', { row: r });
        }
        const k = coordsIndex.id(x, y);
        vid[v] = k;
        occurrences[k] = (occurrences[k] as number) + 1;
      }
    }
  }

  // Pass 2: cut each line at its ends and shared vertices; pieces become edges between nodes.
  const nodeOf = new Int32Array(coordsIndex.xs.length).fill(-1);
  const nx: number[] = [], ny: number[] = [];
  const node = (k: number): number => {
    let id = nodeOf[k] as number;
    if (id < 0) {
      id = nx.length; nodeOf[k] = id;
      nx.push(coordsIndex.xs[k] as number); ny.push(coordsIndex.ys[k] as number);
    }
    return id;
  };
  const src: number[] = [], dst: number[] = [], len: number[] = [], secs: number[] = [], dir: number[] = [];
  for (let r = 0; r < roads.length; r++) {
    if (!keep[r]) continue;
    const h = highway ? highway[r] ?? null : null;
    const mps = speedKmh(mode, h) / 3.6;
    const tag = oneway ? oneway[r] ?? null : null;
    const j = junction ? junction[r] ?? null : null;
    // OSM: junction=roundabout (and circular) implies oneway=yes unless a oneway tag says otherwise.
    const ow = mode !== 'drive' ? 0 : tag === null && (j === 'roundabout' || j === 'circular') ? 1 : onewayDirection(tag);
    const d = ow > 0 ? ARC_FORWARD : ow < 0 ? ARC_BACKWARD : ARC_BOTH;
    for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
      const s = parts[p] as number, e = parts[p + 1] as number;
      if (e - s < 2) continue;
      let from = node(vid[s] as number);
      let acc = 0;
      for (let v = s + 1; v < e; v++) {
        const dx = (c[2 * v] as number) - (c[2 * v - 2] as number);
        const dy = (c[2 * v + 1] as number) - (c[2 * v - 1] as number);
        // Summed segment by segment as PostGIS's ST_Length does, so lengths agree to the last bits.
        acc += Math.sqrt(dx * dx + dy * dy);
        const k = vid[v] as number;
        if (v === e - 1 || (occurrences[k] as number) > 1) {
          const to = node(k);
          src.push(from); dst.push(to); len.push(acc); secs.push(acc / mps); dir.push(d);
          from = to;
          acc = 0;
        }
      }
    }
  }

  let x = Float64Array.from(nx), y = Float64Array.from(ny);
  let source = Uint32Array.from(src), target = Uint32Array.from(dst);
  const tol = opts.snapTolerance ?? 0;
  if (tol > 0) {
    const rep = snapNodes(nx, ny, tol);
    const renum = new Int32Array(nx.length).fill(-1);
    const kx: number[] = [], ky: number[] = [];
    for (let v = 0; v < nx.length; v++) {
      const r = rep[v] as number;
      if (renum[r] as number < 0) { renum[r] = kx.length; kx.push(nx[r] as number); ky.push(ny[r] as number); }
    }
    x = Float64Array.from(kx); y = Float64Array.from(ky);
    source = source.map((v) => renum[rep[v] as number] as number);
    target = target.map((v) => renum[rep[v] as number] as number);
  }
  return networkFromEdges({
    x, y, source, target, length: Float64Array.from(len), cost: Float64Array.from(secs), direction: Uint8Array.from(dir),
  });
}
