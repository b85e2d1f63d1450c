// Progress per indicator and unit: the stored series and targets run through the engine's published
// method (engine monitoring/progress.ts). The target assessed is the next one due (the earliest whose
// year is at or after the latest observation), or the last one when all are past; the others are
// listed beside it. A target's comparator gives the direction; without a target, the indicator's own.

import { assessProgress, parsePeriod } from '@dothi/engine';
import type { ProgressResult } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { knownIndicators } from './known-indicators.ts';
import type { KnownIndicator } from './known-indicators.ts';
import { listObservations } from './observations.ts';
import type { Observation, Quality } from './observations.ts';
import { listTargets } from './targets.ts';
import type { Target } from './targets.ts';

export interface ProgressRow {
  indicator_id: string;
  unit_code: string;
  name: KnownIndicator['name'];
  unit: string | null;
  /** The observations, oldest first, for sparklines. */
  series: Array<{ period: string; value: number; quality: Quality }>;
  latest_quality: Quality | null;
  targets: Target[];
  assessed_target: Target | null;
  progress: ProgressResult;
}

export interface ProgressQuery {
  indicator?: string;
  unit?: string;
  /** First year of the baseline; the first observation when absent. */
  baselineYear?: number;
}

function chooseTarget(targets: readonly Target[], latestTime: number | null): Target | null {
  if (targets.length === 0) return null;
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  if (latestTime === null) return sorted[0]!;
  return sorted.find((t) => t.year >= latestTime) ?? sorted[sorted.length - 1]!;
}

export async function progressFor(db: Queryable, workspace: string, q: ProgressQuery = {}): Promise<ProgressRow[]> {
  const [obs, targets, known] = await Promise.all([
    listObservations(db, workspace, { indicator: q.indicator, unit: q.unit }),
    listTargets(db, workspace, { indicator: q.indicator, unit: q.unit }),
    knownIndicators(db, workspace),
  ]);
  const groups = new Map<string, { indicator: string; unit: string; obs: Observation[]; targets: Target[] }>();
  const group = (indicator: string, unit: string) => {
    const k = `${indicator}\u0000${unit}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { indicator, unit, obs: [], targets: [] }));
    return g;
  };
  for (const o of obs) group(o.indicator_id, o.unit_code).obs.push(o);
  for (const t of targets) group(t.indicator_id, t.unit_code).targets.push(t);

  const out: ProgressRow[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.indicator.localeCompare(b.indicator) || a.unit.localeCompare(b.unit))) {
    const info = known.get(g.indicator);
    const points = g.obs.map((o) => ({ time: parsePeriod(o.period).time, value: o.value, period: o.period }));
    const latestTime = points.length ? Math.max(...points.map((p) => p.time)) : null;
    const target = chooseTarget(g.targets, latestTime);
    const direction = target ? (target.comparator === 'at_most' ? -1 : 1) : info?.direction ?? null;
    const progress: ProgressResult = direction === null
      ? { ...assessProgress(points, { direction: 1, baselineYear: q.baselineYear }), status: 'insufficient_data', method: 'none', reason: 'the indicator states no direction and has no target' }
      : assessProgress(points, { direction, target: target ? { year: target.year, value: target.value } : null, baselineYear: q.baselineYear });
    const last = g.obs[g.obs.length - 1];
    out.push({
      indicator_id: g.indicator,
      unit_code: g.unit,
      name: info?.name ?? null,
      unit: info?.unit ?? null,
      series: g.obs.map((o) => ({ period: o.period, value: o.value, quality: o.quality })),
      latest_quality: last?.quality ?? null,
      targets: g.targets,
      assessed_target: target,
      progress,
    });
  }
  return out;
}
