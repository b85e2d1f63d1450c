// Innovation actors near a knowledge anchor. The distance is straight-line (planar, in the metric CRS),
// not along streets: what 1 km stands for here is knowledge spill-over between neighbours (meetings,
// shared labs, staff moving), which the literature measures as geographic distance, and campus and
// park grounds are often missing from the street network, so a network distance would be wrong there.

import { countWithin } from '../spatial/nearest.ts';
import { assignPointsToZones, pointInPolygonIndex } from '../spatial/point-in-polygon.ts';
import { KNOWLEDGE_ANCHOR_TYPES } from './classes.ts';
import { filterRows, layer, numberParam, polygonCentroids, ratio, result, text } from './common.ts';
import type { Calculator, CalculatorNote } from './types.ts';

export const innovationNearUniversityShare: Calculator = {
  id: 'innovation_near_university_share', version: '1', unit: '%', needs: ['innovation_actors'],
  name: { en: 'Innovation actors within 1 km of a university or R&D centre', vi: 'Tỷ lệ chủ thể đổi mới sáng tạo trong phạm vi 1 km đến trường đại học hoặc trung tâm nghiên cứu' },
  definition: {
    en: `Share of innovation actors that are not themselves a ${KNOWLEDGE_ANCHOR_TYPES.join(' or ')} lying within 1 km straight-line distance (parameter distance; ≤) of one; actors drawn as polygons are taken at their centroid and counted in the unit containing it.`,
    vi: `Tỷ lệ chủ thể đổi mới sáng tạo (không kể chính ${KNOWLEDGE_ANCHOR_TYPES.join(' hoặc ')}) nằm trong phạm vi 1 km đường chim bay (tham số distance; ≤) đến một cơ sở như vậy; chủ thể dạng vùng được lấy tại trọng tâm và tính vào đơn vị chứa trọng tâm.`,
  },
  compute(input) {
    const radius = numberParam(this, input, 'distance', 1000, (v) => v > 0);
    const actors = polygonCentroids(layer(this, input, 'innovation_actors'));
    const anchorSet = new Set(KNOWLEDGE_ANCHOR_TYPES);
    const type = actors.columns.actor_type;
    const anchors = filterRows(actors, (r) => anchorSet.has(text(type, r) ?? ''));
    const others = filterRows(actors, (r) => !anchorSet.has(text(type, r) ?? ''));
    const near = countWithin(others, anchors, radius);
    const unitOf = assignPointsToZones(others, pointInPolygonIndex(input.units));
    const n = input.units.length;
    const total = new Float64Array(n), within = new Float64Array(n);
    for (let i = 0; i < others.length; i++) {
      const z = unitOf[i] as number;
      if (z < 0) continue;
      total[z] = (total[z] as number) + 1;
      if ((near[i] as number) > 0) within[z] = (within[z] as number) + 1;
    }
    const notes: CalculatorNote[] = [];
    const { values, whole } = ratio(within, total, 100, { en: 'no innovation actor (other than universities and R&D centres) in the unit', vi: 'đơn vị không có chủ thể đổi mới sáng tạo (ngoài trường đại học và trung tâm nghiên cứu)' }, notes);
    return result(this, values, whole, { notes, counts: { anchors: anchors.length, actors: others.length }, params: { distance: radius } });
  },
};
