// The dashboard's cards, one per indicator the workspace has a value for: observations (with their
// progress toward targets) and the latest computed runs, joined on the catalog entry. A computed run
// counts under the catalog entry that names its calculator, so a value recorded from a run and the run
// itself make one card, with the run's per-unit values for the map. Pure, so it is tested without a page.

import type { CatalogEntry, LocalText, Observation, ProgressRow, Quality, Run, Status, Target } from '../api/monitoring.ts';

export interface Card {
  id: string;
  name: LocalText | null;
  unit: string | null;
  dimension: LocalText | null;
  direction: 1 | -1 | null;
  /** The latest observation, else the latest run's whole-workspace value. */
  value: number | null;
  /** The period of the value, or the run's date when no observation has been recorded. */
  period: string | null;
  series: Array<{ period: string; value: number }>;
  status: Status | null;
  target: Target | null;
  projection: { year: number; value: number | null; meetsTarget: boolean | null } | null;
  quality: Quality | null;
  /** Where the latest observation came from, as recorded. */
  source: string | null;
  run: Run | null;
}

/** The catalog entry a calculator's values belong to: dothi's own entry for it, else the first that names it. */
export function entryForCalculator(catalog: readonly CatalogEntry[], calculator: string): CatalogEntry | undefined {
  return catalog.find((e) => e.id === `dothi:${calculator}`) ?? catalog.find((e) => e.calculator === calculator);
}

/** `always`: indicators that get a card even without a value yet (the workspace's own). */
export function buildCards(
  catalog: readonly CatalogEntry[], progress: readonly ProgressRow[], observations: readonly Observation[], runs: readonly Run[], always: readonly string[] = [],
): Card[] {
  const byId = new Map(catalog.map((e) => [e.id, e]));
  const cards = new Map<string, Card>();
  const blank = (id: string): Card => {
    const e = byId.get(id);
    return {
      id, name: e?.name ?? null, unit: e?.unit ?? null, dimension: e?.dimension ?? null, direction: e?.direction ?? null,
      value: null, period: null, series: [], status: null, target: null, projection: null, quality: null, source: null, run: null,
    };
  };
  const latestSource = new Map<string, Observation>();
  for (const o of observations) {
    const seen = latestSource.get(o.indicator_id);
    if (!seen || seen.period < o.period) latestSource.set(o.indicator_id, o);
  }
  for (const p of progress) {
    const c = blank(p.indicator_id);
    const last = p.series[p.series.length - 1];
    Object.assign(c, {
      name: c.name ?? p.name, unit: c.unit ?? p.unit, value: last?.value ?? null, period: last?.period ?? null,
      series: p.series.map((s) => ({ period: s.period, value: s.value })), status: p.series.length ? p.progress.status : null,
      target: p.assessed_target, projection: p.progress.projection, quality: p.latest_quality, source: latestSource.get(p.indicator_id)?.source ?? null,
    });
    cards.set(c.id, c);
  }
  for (const r of runs) {
    const id = entryForCalculator(catalog, r.calculator)?.id ?? r.calculator;
    const c = cards.get(id) ?? blank(id);
    c.run = r;
    c.unit ??= r.measure_unit;
    if (c.value === null) {
      c.value = r.whole;
      c.period = r.computed_at.slice(0, 10);
    }
    cards.set(id, c);
  }
  for (const id of always) if (!cards.has(id)) cards.set(id, blank(id));
  const dim = (c: Card): string => c.dimension?.en ?? '\uffff';
  return [...cards.values()].sort((a, b) => dim(a).localeCompare(dim(b)) || a.id.localeCompare(b.id));
}

export interface StatusCount {
  status: Status | 'no_status';
  count: number;
}

/** How many indicators stand where, for the summary line above the cards. */
export function statusCounts(cards: readonly Card[]): StatusCount[] {
  const m = new Map<StatusCount['status'], number>();
  for (const c of cards) {
    const s = c.status ?? 'no_status';
    m.set(s, (m.get(s) ?? 0) + 1);
  }
  return [...m].map(([status, count]) => ({ status, count }));
}
