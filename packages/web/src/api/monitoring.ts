// What the dashboard reads: catalog entries (names, units, directions, dimensions), progress of every
// indicator toward its targets with the observed series, the latest computed runs with the layer
// versions they used, and benchmarks of this workspace beside its peers.

import { getJson, seg } from './http.ts';

export interface LocalText {
  en: string;
  vi: string;
}

export type Quality = 'measured' | 'estimated' | 'modelled' | 'proxy';
export const STATUSES = ['achieved', 'on_track', 'needs_acceleration', 'off_track', 'regressing', 'insufficient_data'] as const;
export type Status = (typeof STATUSES)[number];

export interface CatalogEntry {
  id: string;
  framework: string;
  name: LocalText;
  unit?: string | null;
  direction?: 1 | -1 | null;
  dimension?: LocalText;
  calculator?: string;
}

export interface Target {
  indicator_id: string;
  unit_code: string;
  year: number;
  value: number;
  comparator: 'at_least' | 'at_most';
  source: string | null;
  note: string | null;
}

export interface ProgressRow {
  indicator_id: string;
  unit_code: string;
  name: LocalText | null;
  unit: string | null;
  series: Array<{ period: string; value: number; quality: Quality }>;
  latest_quality: Quality | null;
  targets: Target[];
  assessed_target: Target | null;
  progress: {
    status: Status;
    method: 'target' | 'trend' | 'none';
    observedRate: number | null;
    requiredRate: number | null;
    projection: { year: number; value: number | null; meetsTarget: boolean | null } | null;
  };
}

export interface Observation {
  indicator_id: string;
  unit_code: string;
  period: string;
  value: number;
  source: string | null;
  quality: Quality;
  note: string | null;
}

export interface Run {
  result_id: number;
  calculator: string;
  calculator_version: string;
  measure_unit: string;
  computed_at: string;
  inputs: Array<{ role: string; layerId: string; version: number }>;
  whole: number | null;
  values: Array<{ unit_code: string; value: number | null; note: string | null }>;
}

export interface Benchmark {
  indicators: Array<{ id: string; direction: 1 | -1; dimension?: string }>;
  dimensions: string[];
  units: Array<{ unit: string; values: Array<number | null>; ranks: Array<number | null>; normalised: Array<number | null>; dimensions: Record<string, number | null> }>;
  periods: Array<Array<string | null>>;
  assumed_direction: string[];
}

/** The whole workspace's unit code, as observations and targets name it. */
export const WHOLE = '_workspace';

const ws$ = (ws: string): string => `/api/workspaces/${seg(ws)}`;

export async function fetchCatalog(signal?: AbortSignal): Promise<CatalogEntry[]> {
  return (await getJson<{ indicators: CatalogEntry[] }>('/api/catalogs/indicators', signal)).indicators;
}

export async function fetchProgress(ws: string, unit: string, signal?: AbortSignal): Promise<ProgressRow[]> {
  return (await getJson<{ progress: ProgressRow[] }>(`${ws$(ws)}/progress?unit=${seg(unit)}`, signal)).progress;
}

export async function fetchObservations(ws: string, q: { unit?: string; indicator?: string }, signal?: AbortSignal): Promise<Observation[]> {
  const p = new URLSearchParams();
  if (q.unit) p.set('unit', q.unit);
  if (q.indicator) p.set('indicator', q.indicator);
  return (await getJson<{ observations: Observation[] }>(`${ws$(ws)}/observations?${p.toString()}`, signal)).observations;
}

export async function fetchLatestRuns(ws: string, signal?: AbortSignal): Promise<Run[]> {
  return (await getJson<{ results: Run[] }>(`${ws$(ws)}/results?latest=true`, signal)).results;
}

export function fetchBenchmark(ws: string, indicators: readonly string[], peers: readonly string[], signal?: AbortSignal): Promise<Benchmark> {
  const p = new URLSearchParams({ indicators: indicators.join(',') });
  if (peers.length) p.set('peers', peers.join(','));
  return getJson<Benchmark>(`${ws$(ws)}/benchmark?${p.toString()}`, signal);
}

/** The workspace's own indicators, in the catalogs' schema. */
export async function fetchCustomIndicators(ws: string, signal?: AbortSignal): Promise<CatalogEntry[]> {
  return (await getJson<{ indicators: Array<{ definition: CatalogEntry }> }>(`${ws$(ws)}/indicators`, signal)).indicators.map((i) => i.definition);
}
