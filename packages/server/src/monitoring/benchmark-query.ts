// Benchmarks from stored observations: each unit's latest value (at or before a period, when given) on
// each indicator, ranked and normalised by the engine. Units are this workspace's unit codes; peers are
// other workspaces, compared on their whole-workspace values (unit _workspace).

import { benchmark, DothiError, parsePeriod } from '@dothi/engine';
import type { BenchmarkResult, TieRule } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { knownIndicators } from './known-indicators.ts';
import { WHOLE_WORKSPACE } from './observations.ts';

export interface BenchmarkQuery {
  indicators: readonly string[];
  /** Unit codes of this workspace; every unit with an observation when empty and no peers are given. */
  units?: readonly string[];
  /** Other workspaces to put beside this one (their _workspace values); this workspace's too. */
  peers?: readonly string[];
  /** Latest value at or before this period. */
  at?: string;
  ties?: TieRule;
  /** Which workspace's values of which indicator the caller may see; values it may not count as missing. */
  keep?: (workspace: string, indicator: string) => boolean;
}

export interface StoredBenchmark extends BenchmarkResult {
  /** Period of each value used (units × indicators), so a reader sees how old each number is. */
  periods: Array<Array<string | null>>;
  /** Indicators that state no direction, ranked as if higher were better. */
  assumed_direction: string[];
}

async function latestValues(db: Queryable, pairs: Array<{ ws: string; unit: string }>, indicators: readonly string[], at: string | null, keep: BenchmarkQuery['keep']) {
  const { rows } = await db.query<{ workspace_id: string; unit_code: string; indicator_id: string; value: number; period: string }>(
    `select distinct on (workspace_id, unit_code, indicator_id) workspace_id, unit_code, indicator_id, value::float8 value, period
       from observation
      where workspace_id = any($1::text[]) and unit_code = any($2::text[]) and indicator_id = any($3::text[])
        and ($4::date is null or period_start <= $4::date)
      order by workspace_id, unit_code, indicator_id, period_start desc`,
    [[...new Set(pairs.map((p) => p.ws))], [...new Set(pairs.map((p) => p.unit))], [...indicators], at],
  );
  const kept = keep ? rows.filter((r) => keep(r.workspace_id, r.indicator_id)) : rows;
  return new Map(kept.map((r) => [`${r.workspace_id}\u0000${r.unit_code}\u0000${r.indicator_id}`, r]));
}

export async function benchmarkFor(db: Queryable, workspace: string, q: BenchmarkQuery): Promise<StoredBenchmark> {
  await getWorkspace(db, workspace);
  if (q.indicators.length === 0) throw new DothiError('DOTHI_USAGE', { detail: 'name at least one indicator to compare on' });
  const known = await knownIndicators(db, workspace);
  for (const id of q.indicators) if (!known.has(id)) throw new DothiError('DOTHI_INDICATOR_UNKNOWN', { indicator: id, workspace });
  for (const p of q.peers ?? []) await getWorkspace(db, p);
  const at = q.at ? parsePeriod(q.at).start : null;

  let pairs: Array<{ ws: string; unit: string; label: string }>;
  if (q.peers && q.peers.length > 0) {
    pairs = [workspace, ...q.peers.filter((p) => p !== workspace)].map((ws) => ({ ws, unit: WHOLE_WORKSPACE, label: ws }));
  } else if (q.units && q.units.length > 0) {
    pairs = q.units.map((unit) => ({ ws: workspace, unit, label: unit }));
  } else {
    const { rows } = await db.query<{ unit_code: string }>(
      'select distinct unit_code from observation where workspace_id = $1 and indicator_id = any($2::text[]) order by unit_code',
      [workspace, [...q.indicators]],
    );
    pairs = rows.map((r) => ({ ws: workspace, unit: r.unit_code, label: r.unit_code }));
  }
  const values = await latestValues(db, pairs, q.indicators, at, q.keep);
  const cell = (p: { ws: string; unit: string }, id: string) => values.get(`${p.ws}\u0000${p.unit}\u0000${id}`);
  const result = benchmark({
    units: pairs.map((p) => p.label),
    indicators: q.indicators.map((id) => {
      const k = known.get(id);
      // Ranks need a direction; one without is ranked as higher-is-better and listed in assumed_direction.
      return { id, direction: k?.direction ?? 1, dimension: k?.dimension?.en ?? 'other' };
    }),
    values: pairs.map((p) => q.indicators.map((id) => cell(p, id)?.value ?? null)),
    ties: q.ties,
  });
  return {
    ...result,
    periods: pairs.map((p) => q.indicators.map((id) => cell(p, id)?.period ?? null)),
    assumed_direction: q.indicators.filter((id) => (known.get(id)?.direction ?? null) === null),
  };
}
