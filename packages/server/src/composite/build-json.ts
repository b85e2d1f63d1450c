// A composite index result as plain JSON (pure: no I/O): scores and ranks per unit and level, every
// intermediate table, the weights, the log and, when asked, the Monte Carlo uncertainty.

import { composite } from '@dothi/engine';

export function frameworkJson(fw: composite.IndexFramework): Record<string, unknown> {
  return {
    top_level: fw.topLevel,
    indicators: fw.indicators.map((m) => ({ code: m.code, name: m.name, parent: m.parent, weight: m.weight, direction: m.direction, unit: m.unit, denominator: m.denominator })),
    aggregates: fw.aggregates.map((a) => ({ code: a.code, name: a.name, level: a.level, parent: a.parent, weight: a.weight })),
  };
}

export interface UncertaintyRequest { replications: number; seed: number }

/** A result in plain JSON: scores and ranks per unit and level, the tables in step order, weights, the log. */
export function buildJson(input: composite.IndexInput, spec: unknown, uncertainty?: UncertaintyRequest): Record<string, unknown> {
  const r = composite.buildIndex(input, spec);
  const fw = input.framework;
  const unc = uncertainty ? composite.runUncertainty(input, spec, uncertainty) : null;
  const byUnit = new Map(unc?.units.map((u) => [u.code, u]) ?? []);
  return {
    spec_hash: r.specHash,
    data_hash: r.dataHash,
    spec: r.spec,
    framework: frameworkJson(fw),
    units: composite.resultUnits(r, fw.aggregates.map((a) => a.code)).map((u) => ({ ...u, ...(byUnit.has(u.code) ? { uncertainty: byUnit.get(u.code) } : {}) })),
    tables: r.tables.map((t) => ({ name: t.name, rows: composite.tableToRows(t.table) })),
    weights: {
      indicators: Object.fromEntries(fw.indicators.map((m, i) => [m.code, composite.jsonNumber(r.weights.indicators[i] ?? NaN)])),
      aggregates: Object.fromEntries(fw.aggregates.map((a, i) => [a.code, composite.jsonNumber(r.weights.aggregates[i] ?? NaN)])),
    },
    log: r.log,
    ...(unc ? { uncertainty: { replications: unc.replications, seed: unc.seed, target: unc.target, weight_noise: unc.weightNoise, sensitivity: unc.sensitivity } } : {}),
  };
}
