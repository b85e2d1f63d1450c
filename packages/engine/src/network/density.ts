// Street-pattern densities: intersections (nodes where three or more streets meet, the usual
// walkability measure; dead ends and mid-street bends are not intersections) and street length, per
// zone or over the network's own extent (convex hull of its nodes).

import type { FeatureTable } from '../columnar/table.ts';
import { DothiError } from '../errors.ts';
import { planarAreas } from '../metric/metric.ts';
import { convexHull } from './concave-hull.ts';
import { nodeDegrees } from './network.ts';
import type { Network } from './network.ts';

export interface NetworkDensityResult {
  /** Per zone (or one entry for the whole network): intersections, or metres of street. */
  value: Float64Array;
  /** Zone area in m² (or the area of the nodes' convex hull). */
  area: Float64Array;
  /** Per km²: intersections per km², or km of street per km². */
  density: Float64Array;
}

/** Zone row containing (x, y) (even-odd rule over all rings of the row), or -1; first zone wins. */
function zoneLocator(zones: FeatureTable): (x: number, y: number) => number {
  const g = zones.geometry;
  if (g.kind !== 'polygon') {
    throw new DothiError('DOTHI_ENGINE_GEOMETRY_MIXED', { index: 0, expected: 'polygon', found: g.kind });
  }
  const po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
  const bounds: number[][] = [];
  for (let r = 0; r < zones.length; r++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const a = ro[po[g.geomOffsets[r] as number] as number] as number;
    const b = ro[po[g.geomOffsets[r + 1] as number] as number] as number;
    for (let v = a; v < b; v++) {
      const x = c[2 * v] as number, y = c[2 * v + 1] as number;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    bounds.push([x0, y0, x1, y1]);
  }
  return (x, y) => {
    for (let r = 0; r < zones.length; r++) {
      const bb = bounds[r] as number[];
      if (x < (bb[0] as number) || x > (bb[2] as number) || y < (bb[1] as number) || y > (bb[3] as number)) continue;
      let inside = false;
      for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
        for (let ring = po[p] as number; ring < (po[p + 1] as number); ring++) {
          // Rings are closed, so edges are v → v+1 up to the last vertex.
          for (let v = ro[ring] as number; v + 1 < (ro[ring + 1] as number); v++) {
            const ax = c[2 * v] as number, ay = c[2 * v + 1] as number;
            const bx = c[2 * v + 2] as number, by = c[2 * v + 3] as number;
            if ((ay > y) !== (by > y) && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
          }
        }
      }
      if (inside) return r;
    }
    return -1;
  };
}

function hullArea(net: Network): number {
  if (net.nodeCount < 3) return 0;
  const xy = new Float64Array(2 * net.nodeCount);
  for (let v = 0; v < net.nodeCount; v++) { xy[2 * v] = net.x[v] as number; xy[2 * v + 1] = net.y[v] as number; }
  const hull = convexHull(xy, net.nodeCount);
  const ox = xy[2 * (hull[0] as number)] as number, oy = xy[2 * (hull[0] as number) + 1] as number;
  let a = 0;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i] as number, q = hull[(i + 1) % hull.length] as number;
    a += ((xy[2 * p] as number) - ox) * ((xy[2 * q + 1] as number) - oy) - ((xy[2 * q] as number) - ox) * ((xy[2 * p + 1] as number) - oy);
  }
  return Math.abs(a / 2);
}

function tally(net: Network, zones: FeatureTable | undefined, add: (at: (x: number, y: number, w: number) => void) => void, scale: number): NetworkDensityResult {
  const n = zones ? zones.length : 1;
  const value = new Float64Array(n);
  const area = zones ? planarAreas(zones) : Float64Array.of(hullArea(net));
  const locate = zones ? zoneLocator(zones) : () => 0;
  add((x, y, w) => {
    const z = locate(x, y);
    if (z >= 0) value[z] = (value[z] as number) + w;
  });
  const density = new Float64Array(n);
  for (let z = 0; z < n; z++) {
    const a = area[z] as number;
    density[z] = a > 0 ? ((value[z] as number) * scale) / (a / 1e6) : NaN;
  }
  return { value, area, density };
}

/** Intersections (nodes with ≥ 3 distinct neighbouring nodes) per zone and per km². */
export function intersectionDensity(net: Network, zones?: FeatureTable): NetworkDensityResult {
  const deg = nodeDegrees(net);
  return tally(net, zones, (at) => {
    for (let v = 0; v < net.nodeCount; v++) if ((deg[v] as number) >= 3) at(net.x[v] as number, net.y[v] as number, 1);
  }, 1);
}

/**
 * Street length per zone (m) and km per km². An edge counts in the zone holding the midpoint of its
 * end nodes. Networks without an edge list count each arc at half its length (exact for two-way streets).
 */
export function networkDensity(net: Network, zones?: FeatureTable): NetworkDensityResult {
  return tally(net, zones, (at) => {
    const { edgeSource: es, edgeTarget: et, edgeLength: el } = net;
    if (es && et && el) {
      for (let e = 0; e < es.length; e++) {
        const a = es[e] as number, b = et[e] as number;
        at(((net.x[a] as number) + (net.x[b] as number)) / 2, ((net.y[a] as number) + (net.y[b] as number)) / 2, el[e] as number);
      }
      return;
    }
    for (let u = 0; u < net.nodeCount; u++) {
      for (let k = net.offsets[u] as number; k < (net.offsets[u + 1] as number); k++) {
        const b = net.targets[k] as number;
        at(((net.x[u] as number) + (net.x[b] as number)) / 2, ((net.y[u] as number) + (net.y[b] as number)) / 2, (net.length[k] as number) / 2);
      }
    }
  }, 1e-3);
}
