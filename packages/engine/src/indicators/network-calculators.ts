// Calculators on the walking network: population within a walk of transit stops, schools, health
// facilities and parks; intersection and street densities. Every origin and target is snapped to its
// nearest network node (the pandana/pgRouting convention of the network module), distances run along
// the network, and a person counts when the nearest target is within the distance (≤).

import type { FeatureTable } from '../columnar/table.ts';
import { nearestPoi } from '../network/aggregate.ts';
import { buildNetwork } from '../network/build.ts';
import { intersectionDensity, networkDensity } from '../network/density.ts';
import type { Network } from '../network/network.ts';
import { nearestNode, NO_NODE, snapPoints } from '../network/snap.ts';
import { MODE_SPEEDS_KMH } from '../network/speeds.ts';
import { assignPointsToZones, pointInPolygonIndex } from '../spatial/point-in-polygon.ts';
import { HEALTH_FACILITY_AMENITIES, PARK_TYPES, PRIMARY_SCHOOL_AMENITIES } from './classes.ts';
import { publicOpenSpaces } from './area-calculators.ts';
import { layer, NO_AREA, numberParam, populationOrigins, ratio, result, rowsIn, unitAreas } from './common.ts';
import type { Calculator, CalculatorInput, CalculatorNote, CalculatorResult, LayerRole } from './types.ts';

/** Walking speed: OSRM's foot profile (walking_speed = 5 km/h), the network module's walk speed. */
export const WALK_SPEED_KMH = MODE_SPEEDS_KMH.walk.default as number;

const networks = new WeakMap<FeatureTable, Network>();

/** The walking network of a roads table (every highway class, as the network module walks), built once per table. */
export function walkNetwork(roads: FeatureTable): Network {
  let net = networks.get(roads);
  if (!net) { net = buildNetwork(roads, { mode: 'walk' }); networks.set(roads, net); }
  return net;
}

/** Network nodes of targets: points snap; polygons snap every vertex of each part's outer ring (reachable from its edge). */
export function targetNodes(net: Network, t: FeatureTable): number[] {
  const out = new Set<number>();
  if (t.geometry.kind === 'point') {
    for (const v of snapPoints(net, t)) if (v !== NO_NODE) out.add(v);
  } else if (t.geometry.kind === 'polygon') {
    const g = t.geometry, po = g.partOffsets as Uint32Array, ro = g.ringOffsets as Uint32Array, c = g.coords;
    for (let r = 0; r < t.length; r++) {
      for (let p = g.geomOffsets[r] as number; p < (g.geomOffsets[r + 1] as number); p++) {
        const ring = po[p] as number;
        for (let v = ro[ring] as number; v < (ro[ring + 1] as number); v++) {
          const n = nearestNode(net, c[2 * v] as number, c[2 * v + 1] as number);
          if (n !== NO_NODE) out.add(n);
        }
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Share (%) of each unit's population whose nearest target node lies within `radius` metres along
 * the network. Population is counted in the unit containing its point (polygon: its centroid).
 */
export function populationShareByUnit(units: FeatureTable, net: Network, pop: FeatureTable, targets: number[], radius: number, notes: CalculatorNote[]): { values: Float64Array; whole: number } {
  const { points, weights } = populationOrigins(pop);
  const nodes = snapPoints(net, points);
  const unitOf = assignPointsToZones(points, pointInPolygonIndex(units));
  const d = targets.length > 0 ? nearestPoi(net, targets, radius) : null;
  const total = new Float64Array(units.length), within = new Float64Array(units.length);
  for (let i = 0; i < points.length; i++) {
    const z = unitOf[i] as number;
    if (z < 0) continue;
    const w = weights[i] as number;
    total[z] = (total[z] as number) + w;
    const v = nodes[i] as number;
    if (d && v !== NO_NODE && (d[v] as number) <= radius) within[z] = (within[z] as number) + w;
  }
  return ratio(within, total, 100, { en: 'the unit has no population', vi: 'đơn vị không có dân số' }, notes);
}

function accessShare(calc: Calculator, input: CalculatorInput, targetRole: LayerRole, pick: (t: FeatureTable) => FeatureTable, radius: number, params: Record<string, number | string>): CalculatorResult {
  const pop = layer(calc, input, 'population');
  const net = walkNetwork(layer(calc, input, 'roads'));
  const targets = targetNodes(net, pick(layer(calc, input, targetRole)));
  const notes: CalculatorNote[] = [];
  if (targets.length === 0) notes.push({ en: `no ${targetRole} feature of the required kind: every share is 0`, vi: `không có đối tượng ${targetRole} đúng loại: mọi tỷ lệ bằng 0` });
  const { values, whole } = populationShareByUnit(input.units, net, pop, targets, radius, notes);
  return result(calc, values, whole, { notes, counts: { target_nodes: targets.length, network_nodes: net.nodeCount }, params: { ...params, radius_m: radius } });
}

function walkMinutes(calc: Calculator, input: CalculatorInput): { radius: number; params: Record<string, number> } {
  const minutes = numberParam(calc, input, 'minutes', 10, (v) => v > 0);
  const speed = numberParam(calc, input, 'walkSpeedKmh', WALK_SPEED_KMH, (v) => v > 0);
  return { radius: (speed * 1000 * minutes) / 60, params: { minutes, walkSpeedKmh: speed } };
}

const walkNote = (what: { en: string; vi: string }): { en: string; vi: string } => ({
  en: `Share of residents whose nearest ${what.en} is within a 10-minute walk along the street network (parameter minutes), at ${WALK_SPEED_KMH} km/h (OSRM foot profile walking_speed; parameter walkSpeedKmh): ${((WALK_SPEED_KMH * 1000 * 10) / 60).toFixed(1)} m. Residents and targets are snapped to the nearest network node.`,
  vi: `Tỷ lệ dân số có ${what.vi} gần nhất trong phạm vi 10 phút đi bộ theo mạng đường (tham số minutes), với tốc độ ${WALK_SPEED_KMH} km/h (walking_speed của hồ sơ đi bộ OSRM; tham số walkSpeedKmh): ${((WALK_SPEED_KMH * 1000 * 10) / 60).toFixed(1)} m. Dân cư và điểm đến được gắn vào nút mạng gần nhất.`,
});

export const transitStop500mShare: Calculator = {
  id: 'transit_stop_500m_share', version: '1', unit: '%', needs: ['population', 'roads', 'transit_stops'],
  name: { en: 'Population within 500 m of a transit stop', vi: 'Tỷ lệ dân số trong phạm vi 500 m đến điểm dừng giao thông công cộng' },
  definition: {
    en: 'Share of residents whose nearest transit stop (any mode) is within 500 m along the walking network (parameter distance). Residents and stops are snapped to the nearest network node.',
    vi: 'Tỷ lệ dân số có điểm dừng giao thông công cộng (mọi phương thức) gần nhất trong phạm vi 500 m theo mạng đường đi bộ (tham số distance). Dân cư và điểm dừng được gắn vào nút mạng gần nhất.',
  },
  compute(input) {
    const radius = numberParam(this, input, 'distance', 500, (v) => v > 0);
    return accessShare(this, input, 'transit_stops', (t) => t, radius, { distance: radius });
  },
};

export const primarySchool10minShare: Calculator = {
  id: 'primary_school_10min_share', version: '1', unit: '%', needs: ['population', 'roads', 'amenities'],
  name: { en: 'Population within a 10-minute walk of a primary school', vi: 'Tỷ lệ dân số trong phạm vi 10 phút đi bộ đến trường tiểu học' },
  definition: walkNote({ en: `school (amenity ${PRIMARY_SCHOOL_AMENITIES.join(', ')}; OSM does not separate primary schools there)`, vi: `trường học (amenity ${PRIMARY_SCHOOL_AMENITIES.join(', ')}; OSM không tách riêng trường tiểu học)` }),
  compute(input) {
    const { radius, params } = walkMinutes(this, input);
    return accessShare(this, input, 'amenities', (t) => rowsIn(t, 'amenity', PRIMARY_SCHOOL_AMENITIES), radius, params);
  },
};

export const healthFacility10minShare: Calculator = {
  id: 'health_facility_10min_share', version: '1', unit: '%', needs: ['population', 'roads', 'amenities'],
  name: { en: 'Population within a 10-minute walk of a health facility', vi: 'Tỷ lệ dân số trong phạm vi 10 phút đi bộ đến cơ sở y tế' },
  definition: walkNote({ en: `health facility (amenity ${HEALTH_FACILITY_AMENITIES.join(', ')})`, vi: `cơ sở y tế (amenity ${HEALTH_FACILITY_AMENITIES.join(', ')})` }),
  compute(input) {
    const { radius, params } = walkMinutes(this, input);
    return accessShare(this, input, 'amenities', (t) => rowsIn(t, 'amenity', HEALTH_FACILITY_AMENITIES), radius, params);
  },
};

export const park10minShare: Calculator = {
  id: 'park_10min_share', version: '1', unit: '%', needs: ['population', 'roads', 'green_spaces'],
  name: { en: 'Population within a 10-minute walk of a park', vi: 'Tỷ lệ dân số trong phạm vi 10 phút đi bộ đến công viên' },
  definition: walkNote({ en: `public park (green space type ${PARK_TYPES.join(', ')}, open access; reached at any vertex of its outer boundary)`, vi: `công viên công cộng (không gian xanh loại ${PARK_TYPES.join(', ')}, tiếp cận tự do; tới được tại mọi đỉnh của đường biên ngoài)` }),
  compute(input) {
    const { radius, params } = walkMinutes(this, input);
    return accessShare(this, input, 'green_spaces', (t) => publicOpenSpaces(t, PARK_TYPES), radius, params);
  },
};

export const intersectionDensityCalc: Calculator = {
  id: 'intersection_density', version: '1', unit: 'intersections/km²', needs: ['roads'],
  name: { en: 'Intersection density', vi: 'Mật độ nút giao' },
  definition: {
    en: 'Network nodes where 3 or more street segments meet (distinct neighbouring nodes, every highway class, lines split at shared OSM vertices), per km² of unit area.',
    vi: 'Số nút mạng có từ 3 đoạn đường trở lên gặp nhau (số nút kề khác nhau, mọi cấp đường, đường được cắt tại đỉnh OSM dùng chung), trên mỗi km² diện tích đơn vị.',
  },
  compute(input) {
    const d = intersectionDensity(walkNetwork(layer(this, input, 'roads')), input.units);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(d.value, d.area, 1e6, NO_AREA, notes);
    return result(this, values, whole, { notes });
  },
};

export const streetNetworkDensity: Calculator = {
  id: 'street_network_density', version: '1', unit: 'km/km²', needs: ['roads'],
  name: { en: 'Street network density', vi: 'Mật độ mạng lưới đường' },
  definition: {
    en: 'Kilometres of street (every highway class, each network edge counted in the unit holding the midpoint of its end nodes) per km² of unit area.',
    vi: 'Số km đường (mọi cấp đường, mỗi cạnh mạng tính vào đơn vị chứa trung điểm hai nút đầu cuối) trên mỗi km² diện tích đơn vị.',
  },
  compute(input) {
    const d = networkDensity(walkNetwork(layer(this, input, 'roads')), input.units);
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(d.value, unitAreas(input.units), 1e3, NO_AREA, notes);
    return result(this, values, whole, { notes });
  },
};
