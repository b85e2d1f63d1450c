// The routable street network as compressed sparse row (CSR) arrays: node coordinates, and for each
// node its outgoing arcs (target, length in metres, cost in seconds). Plain typed arrays only, so a
// network crosses to a worker by transfer and every algorithm runs without per-node objects.

/** A directed arc list in CSR form; an undirected edge is two arcs. */
export interface Network {
  nodeCount: number;
  x: Float64Array;
  y: Float64Array;
  /** Arcs of node v are offsets[v] .. offsets[v+1]-1. */
  offsets: Uint32Array;
  targets: Uint32Array;
  /** Metres per directed arc. */
  length: Float64Array;
  /** Seconds per directed arc for the network's mode. */
  cost: Float64Array;
  /** Undirected road pieces the network was built from (an edge of pgRouting's edge table). */
  edgeCount: number;
  /** True when some edge is one-way; algorithms that walk arcs backwards then build the reverse CSR. */
  directed?: boolean;
  /** Per edge: end nodes and length (m), in edge order; used by densities and oracle checks. */
  edgeSource?: Uint32Array;
  edgeTarget?: Uint32Array;
  edgeLength?: Float64Array;
}

/** One edge of the input to `networkFromEdges`: which directions may be travelled. */
export const ARC_FORWARD = 1;
export const ARC_BACKWARD = 2;
export const ARC_BOTH = 3;

export interface EdgeList {
  x: Float64Array;
  y: Float64Array;
  source: Uint32Array;
  target: Uint32Array;
  length: Float64Array;
  /** Seconds; defaults to the length. */
  cost?: Float64Array;
  /** ARC_FORWARD | ARC_BACKWARD bits per edge; defaults to ARC_BOTH. */
  direction?: Uint8Array;
}

/**
 * CSR from an edge list. Arcs of a node keep edge order (forward arc of edge e before the backward arc
 * of a later edge), so the arrays, and every tie broken by scan order, are the same run after run.
 * Self-loops are kept as edges but give no arcs: they never shorten a path.
 */
export function networkFromEdges(e: EdgeList): Network {
  const n = e.x.length;
  const m = e.source.length;
  const deg = new Uint32Array(n + 1);
  let directed = false;
  for (let i = 0; i < m; i++) {
    const s = e.source[i] as number, t = e.target[i] as number;
    if (s === t) continue;
    const d = e.direction ? (e.direction[i] as number) : ARC_BOTH;
    if (d !== ARC_BOTH) directed = true;
    if (d & ARC_FORWARD) deg[s + 1] = (deg[s + 1] as number) + 1;
    if (d & ARC_BACKWARD) deg[t + 1] = (deg[t + 1] as number) + 1;
  }
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v] as number) + (deg[v + 1] as number);
  const arcs = offsets[n] as number;
  const targets = new Uint32Array(arcs);
  const length = new Float64Array(arcs);
  const cost = new Float64Array(arcs);
  const fill = offsets.slice(0, n);
  for (let i = 0; i < m; i++) {
    const s = e.source[i] as number, t = e.target[i] as number;
    if (s === t) continue;
    const d = e.direction ? (e.direction[i] as number) : ARC_BOTH;
    const len = e.length[i] as number;
    const c = e.cost ? (e.cost[i] as number) : len;
    if (d & ARC_FORWARD) {
      const k = fill[s] as number;
      fill[s] = k + 1;
      targets[k] = t; length[k] = len; cost[k] = c;
    }
    if (d & ARC_BACKWARD) {
      const k = fill[t] as number;
      fill[t] = k + 1;
      targets[k] = s; length[k] = len; cost[k] = c;
    }
  }
  return {
    nodeCount: n, x: e.x, y: e.y, offsets, targets, length, cost, edgeCount: m, directed,
    edgeSource: e.source, edgeTarget: e.target, edgeLength: e.length,
  };
}

/** Arrays of a network seen from its targets: arc u→v of `net` is arc v→u here. */
export interface ArcView {
  offsets: Uint32Array;
  targets: Uint32Array;
  length: Float64Array;
  cost: Float64Array;
}

const reverseCache = new WeakMap<Network, ArcView>();

/**
 * The reverse CSR (for "distance from every node to a set of targets"); the network itself when it is
 * undirected. Cached per network object.
 */
export function reverseArcs(net: Network): ArcView {
  if (net.directed === false) return net;
  const cached = reverseCache.get(net);
  if (cached) return cached;
  const n = net.nodeCount;
  const arcs = net.targets.length;
  const offsets = new Uint32Array(n + 1);
  for (let k = 0; k < arcs; k++) {
    const t = net.targets[k] as number;
    offsets[t + 1] = (offsets[t + 1] as number) + 1;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(arcs);
  const length = new Float64Array(arcs);
  const cost = new Float64Array(arcs);
  for (let u = 0; u < n; u++) {
    for (let k = net.offsets[u] as number; k < (net.offsets[u + 1] as number); k++) {
      const t = net.targets[k] as number;
      const j = fill[t] as number;
      fill[t] = j + 1;
      targets[j] = u; length[j] = net.length[k] as number; cost[j] = net.cost[k] as number;
    }
  }
  const view = { offsets, targets, length, cost };
  reverseCache.set(net, view);
  return view;
}

/** Number of distinct neighbours of every node, arcs taken in both directions (the street count). */
export function nodeDegrees(net: Network): Uint32Array {
  const n = net.nodeCount;
  const rev = reverseArcs(net);
  const deg = new Uint32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    let d = 0;
    for (const view of [net, rev]) {
      for (let k = view.offsets[v] as number; k < (view.offsets[v + 1] as number); k++) {
        const t = view.targets[k] as number;
        if (mark[t] !== v) { mark[t] = v; d++; }
      }
      if (view === rev && rev === net) break;
    }
    deg[v] = d;
  }
  return deg;
}

/**
 * Connected components, arcs taken as undirected (weak connectivity, as pgr_connectedComponents on an
 * undirected graph). Components are numbered by their smallest node; sizes[label] is the node count.
 */
export function components(net: Network): { label: Int32Array; sizes: number[] } {
  const n = net.nodeCount;
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[v] !== r) { const p = parent[v] as number; parent[v] = r; v = p; }
    return r;
  };
  for (let u = 0; u < n; u++) {
    for (let k = net.offsets[u] as number; k < (net.offsets[u + 1] as number); k++) {
      const a = find(u), b = find(net.targets[k] as number);
      // The smaller root wins, so a root is always its component's smallest node.
      if (a < b) parent[b] = a; else if (b < a) parent[a] = b;
    }
  }
  const label = new Int32Array(n);
  const sizes: number[] = [];
  const rootLabel = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    const r = find(v);
    let l = rootLabel[r] as number;
    if (l < 0) { l = sizes.length; rootLabel[r] = l; sizes.push(0); }
    label[v] = l;
    sizes[l] = (sizes[l] as number) + 1;
  }
  return { label, sizes };
}
