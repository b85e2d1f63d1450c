// Composite indices kept in a workspace: datasets (COINr's iData and iMeta tables as uploaded, with
// their source), specs (the JSON of docs/index-spec.md, validated), and results built by the engine
// and stored with the spec's and the data's hashes, every intermediate table and the log.

import type { Visibility } from '../auth/access.ts';
import { randomUUID } from 'node:crypto';
import { DothiError, composite } from '@dothi/engine';
import type { Db, Queryable } from '../store/db.ts';
import { runJob } from '../jobs/jobs.ts';
import { toJsonb } from '../store/jsonb.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { frameworkJson } from './build-json.ts';
import type { UncertaintyRequest } from './build-json.ts';
import { buildOffThread } from './build-off-thread.ts';

export interface DatasetSource {
  /** Where the two tables come from: publisher, licence, address, original file names. */
  publisher?: string | undefined;
  licence?: string | undefined;
  url?: string | undefined;
  files?: { idata?: string | undefined; imeta?: string | undefined } | undefined;
}

export interface DatasetSummary {
  dataset_id: string;
  name: string;
  data_hash: string;
  units: number;
  indicators: number;
  aggregates: number;
  source: DatasetSource;
  created_at: string;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function checkId(id: string, what: string): void {
  if (!ID.test(id)) throw new DothiError('DOTHI_USAGE', { detail: `${what} "${id}" must be 1–63 lower-case letters, digits, "-" or "_"` });
}

/** Both tables parsed as the engine reads them; a bad cell is a coded error naming its row and column. */
export function parseDataset(idata: string, imeta: string): composite.IndexInput {
  return composite.readCoinrData(idata, composite.readCoinrMeta(imeta, 'iMeta'), 'iData');
}

function summary(id: string, name: string, input: composite.IndexInput, source: DatasetSource, createdAt: string): DatasetSummary {
  return {
    dataset_id: id, name, data_hash: composite.hashInput(input), units: input.units.length, indicators: input.framework.indicators.length,
    aggregates: input.framework.aggregates.length, source, created_at: createdAt,
  };
}

export async function addDataset(db: Queryable, ws: string, d: { dataset_id: string; name: string; idata: string; imeta: string; source?: DatasetSource }, clock: () => Date): Promise<DatasetSummary> {
  await getWorkspace(db, ws);
  checkId(d.dataset_id, 'dataset_id');
  const input = parseDataset(d.idata, d.imeta);
  const created = clock().toISOString();
  const s = summary(d.dataset_id, d.name, input, d.source ?? {}, created);
  const { rows } = await db.query<{ n: number }>(
    `insert into index_dataset (workspace_id, dataset_id, name, idata, imeta, data_hash, source, created_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) on conflict do nothing returning 1 n`,
    [ws, d.dataset_id, d.name, d.idata, d.imeta, s.data_hash, toJsonb(s.source), created]);
  if (rows.length === 0) throw new DothiError('DOTHI_INDEX_DATASET_EXISTS', { workspace: ws, dataset: d.dataset_id });
  return s;
}

interface DatasetRow { dataset_id: string; name: string; idata: string; imeta: string; source: DatasetSource; created_at: string }

async function datasetRow(db: Queryable, ws: string, id: string): Promise<DatasetRow> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<DatasetRow>(
    `select dataset_id, name, idata, imeta, source, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at
       from index_dataset where workspace_id = $1 and dataset_id = $2`, [ws, id]);
  const row = rows[0];
  if (!row) throw new DothiError('DOTHI_INDEX_DATASET_NOT_FOUND', { workspace: ws, dataset: id });
  return row;
}

export async function loadDataset(db: Queryable, ws: string, id: string): Promise<{ input: composite.IndexInput; summary: DatasetSummary }> {
  const r = await datasetRow(db, ws, id);
  const input = parseDataset(r.idata, r.imeta);
  return { input, summary: summary(r.dataset_id, r.name, input, r.source, r.created_at) };
}

export async function listDatasets(db: Queryable, ws: string): Promise<DatasetSummary[]> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<{ dataset_id: string }>('select dataset_id from index_dataset where workspace_id = $1 order by dataset_id', [ws]);
  const out: DatasetSummary[] = [];
  for (const r of rows) out.push((await loadDataset(db, ws, r.dataset_id)).summary);
  return out;
}

/** The dataset as the web shows it: the tree, the units, the raw values. */
export function datasetJson(input: composite.IndexInput): Record<string, unknown> {
  const fw = input.framework;
  return {
    framework: frameworkJson(fw),
    units: input.units.map((code, i) => ({ code, name: input.unitNames[i] ?? code })),
    groups: Object.keys(input.groups),
    values: input.units.map((code, i) => ({ uCode: code, ...Object.fromEntries(fw.indicators.map((m, j) => [m.code, composite.jsonNumber(input.values[j]?.[i] ?? NaN)])) })),
  };
}

export interface SpecRow { spec_id: string; spec: unknown; spec_hash: string; created_at: string; visibility: Visibility }

export async function saveSpec(db: Queryable, ws: string, id: string, spec: unknown, mode: 'create' | 'replace'): Promise<SpecRow> {
  await getWorkspace(db, ws);
  checkId(id, 'spec_id');
  const valid = composite.validateSpec(spec);
  const hash = composite.specHash(valid);
  const sql = mode === 'create'
    ? `insert into index_spec (workspace_id, spec_id, spec, spec_hash) values ($1, $2, $3::jsonb, $4) on conflict do nothing returning spec_id`
    : `update index_spec set spec = $3::jsonb, spec_hash = $4 where workspace_id = $1 and spec_id = $2 returning spec_id`;
  const { rows } = await db.query(sql, [ws, id, toJsonb(spec), hash]);
  if (rows.length === 0) {
    throw mode === 'create' ? new DothiError('DOTHI_INDEX_SPEC_EXISTS', { workspace: ws, spec: id }) : new DothiError('DOTHI_INDEX_SPEC_NOT_FOUND', { workspace: ws, spec: id });
  }
  return getSpec(db, ws, id);
}

export async function getSpec(db: Queryable, ws: string, id: string): Promise<SpecRow> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<SpecRow>(
    `select spec_id, spec, spec_hash, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at, visibility
       from index_spec where workspace_id = $1 and spec_id = $2`, [ws, id]);
  const row = rows[0];
  if (!row) throw new DothiError('DOTHI_INDEX_SPEC_NOT_FOUND', { workspace: ws, spec: id });
  return row;
}

export async function listSpecs(db: Queryable, ws: string): Promise<SpecRow[]> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<SpecRow>(
    `select spec_id, spec, spec_hash, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') created_at, visibility
       from index_spec where workspace_id = $1 order by spec_id`, [ws]);
  return rows;
}

export async function deleteSpec(db: Queryable, ws: string, id: string): Promise<void> {
  await getWorkspace(db, ws);
  const { rows } = await db.query('delete from index_spec where workspace_id = $1 and spec_id = $2 returning 1 n', [ws, id]);
  if (rows.length === 0) throw new DothiError('DOTHI_INDEX_SPEC_NOT_FOUND', { workspace: ws, spec: id });
}

export interface ResultRow { result_id: string; spec_id: string | null; dataset_id: string | null; spec_hash: string; computed_at: string }

/**
 * Builds and stores as a job (kind index.build), so a build cut short by a crash is recorded as
 * interrupted; the result is one row, written whole or not at all.
 */
export async function buildAndStore(db: Db, ws: string, specId: string, datasetId: string, uncertainty: UncertaintyRequest | undefined, clock: () => Date): Promise<ResultRow & { result: Record<string, unknown> }> {
  const input = { spec_id: specId, dataset_id: datasetId, uncertainty: uncertainty ?? null };
  // The job row keeps the stored result's id, not a second copy of the result.
  let full: Record<string, unknown> = {};
  const { result } = await runJob(db, ws, 'index.build', input, clock, async (progress) => {
    progress('read', 0);
    const spec = await getSpec(db, ws, specId);
    const { input: data } = await loadDataset(db, ws, datasetId);
    progress('compute', 0.1);
    const built = await buildOffThread(data, spec.spec, uncertainty);
    const id = randomUUID();
    const at = clock().toISOString();
    progress('write', 0.9);
    await db.query(
      `insert into index_result (workspace_id, result_id, spec_id, dataset_id, spec_hash, result, computed_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [ws, id, specId, datasetId, String(built.spec_hash), toJsonb(built), at]);
    progress('done', 1);
    full = built;
    return { result_id: id, spec_id: specId, dataset_id: datasetId, spec_hash: String(built.spec_hash), computed_at: at };
  });
  return { ...result, result: full };
}

const RESULT_COLUMNS = `result_id, spec_id, dataset_id, spec_hash, to_char(computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') computed_at`;

export async function listResults(db: Queryable, ws: string, filter: { spec?: string | undefined }): Promise<ResultRow[]> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<ResultRow>(
    `select ${RESULT_COLUMNS} from index_result where workspace_id = $1 and ($2::text is null or spec_id = $2) order by computed_at desc, result_id`,
    [ws, filter.spec ?? null]);
  return rows;
}

export async function getResult(db: Queryable, ws: string, id: string): Promise<ResultRow & { result: Record<string, unknown> }> {
  await getWorkspace(db, ws);
  const { rows } = await db.query<ResultRow & { result: Record<string, unknown> }>(
    `select ${RESULT_COLUMNS}, result from index_result where workspace_id = $1 and result_id = $2`, [ws, id]);
  const row = rows[0];
  if (!row) throw new DothiError('DOTHI_INDEX_RESULT_NOT_FOUND', { workspace: ws, result: id });
  return row;
}
