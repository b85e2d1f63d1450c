// Composite indices through the API: datasets, specs, stored results and the builder's preview.

import { fetchOk, getJson, seg } from './http.ts';

export interface IndexNode {
  code: string;
  name: string;
  parent: string | null;
  weight: number;
}

export interface IndexFramework {
  top_level: number;
  indicators: Array<IndexNode & { direction: 1 | -1; unit: string | null; denominator: string | null }>;
  aggregates: Array<IndexNode & { level: number }>;
}

export interface UnitUncertainty {
  nominalRank: number;
  medianRank: number;
  p05: number;
  p95: number;
}

export interface IndexUnit {
  code: string;
  name: string;
  scores: Record<string, number | null>;
  ranks: Record<string, number | null>;
  uncertainty?: UnitUncertainty;
}

export interface IndexLogEntry {
  step: string;
  action: string;
  unit?: string;
  indicator?: string;
  from?: number | null;
  to?: number | null;
  detail?: string;
}

export interface IndexResult {
  spec_hash: string;
  data_hash: string;
  spec: unknown;
  framework: IndexFramework;
  units: IndexUnit[];
  tables: Array<{ name: string; rows: Array<Record<string, string | number | null>> }>;
  log: IndexLogEntry[];
  uncertainty?: { replications: number; seed: number; target: string; sensitivity: Array<{ factor: string; first: number; total: number }> };
}

export interface ResultRow {
  result_id: string;
  spec_id: string | null;
  dataset_id: string | null;
  spec_hash: string;
  computed_at: string;
}

export interface DatasetSummary {
  dataset_id: string;
  name: string;
  units: number;
  indicators: number;
  source: { publisher?: string; licence?: string; url?: string; files?: { idata?: string; imeta?: string } };
  created_at: string;
}

export interface SpecRow {
  spec_id: string;
  spec: unknown;
  spec_hash: string;
}

const base = (ws: string): string => `/api/workspaces/${seg(ws)}`;

export async function fetchIndexResults(ws: string, signal?: AbortSignal): Promise<ResultRow[]> {
  return (await getJson<{ results: ResultRow[] }>(`${base(ws)}/index-results`, signal)).results;
}

export function fetchIndexResult(ws: string, id: string, signal?: AbortSignal): Promise<ResultRow & { result: IndexResult }> {
  return getJson(`${base(ws)}/index-results/${seg(id)}`, signal);
}

export async function fetchDatasets(ws: string, signal?: AbortSignal): Promise<DatasetSummary[]> {
  return (await getJson<{ datasets: DatasetSummary[] }>(`${base(ws)}/index-datasets`, signal)).datasets;
}

export async function fetchSpecs(ws: string, signal?: AbortSignal): Promise<SpecRow[]> {
  return (await getJson<{ specs: SpecRow[] }>(`${base(ws)}/index-specs`, signal)).specs;
}

async function postJson<T>(url: string, method: 'POST' | 'PUT', body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetchOk(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
  return (await res.json()) as T;
}

export function previewIndex(ws: string, datasetId: string, spec: unknown, signal?: AbortSignal): Promise<IndexResult> {
  return postJson(`${base(ws)}/index-preview`, 'POST', { dataset_id: datasetId, spec }, signal);
}

export function saveSpec(ws: string, specId: string, spec: unknown): Promise<SpecRow> {
  return postJson(`${base(ws)}/index-specs/${seg(specId)}`, 'PUT', { spec });
}

export function buildIndex(ws: string, specId: string, datasetId: string, uncertainty: { replications: number; seed: number } | null): Promise<ResultRow & { result: IndexResult }> {
  return postJson(`${base(ws)}/index-specs/${seg(specId)}/build`, 'POST', { dataset_id: datasetId, ...(uncertainty ? { uncertainty } : {}) });
}

export async function fetchDatasetGroups(ws: string, id: string, signal?: AbortSignal): Promise<string[]> {
  return (await getJson<{ groups: string[] }>(`${base(ws)}/index-datasets/${seg(id)}`, signal)).groups;
}
