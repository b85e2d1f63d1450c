// The data commands through a dothi server's API (`--server URL`, token in DOTHI_TOKEN): each
// returns what its local twin reads from the store, so both print the same way.

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportReport } from '../../imports/import-file.ts';
import type { ComputeRunReport } from '../../indicators/compute-job.ts';
import type { LayerSummary, LayerVersion } from '../../store/layers.ts';
import type { Workspace } from '../../store/workspaces.ts';
import { call, followJob, getJson, multipart } from '../remote.ts';
import type { Remote } from '../remote.ts';

type Progress = (phase: string, fraction: number) => void;
const seg = encodeURIComponent;

export interface RemoteImportOptions {
  kind?: string;
  name?: string;
  crs?: string;
  onInvalid: string;
  licence?: string;
  encoding?: string;
  visibility?: string;
}

/** Uploads the files (a bar while they go), then follows the server's import job to its report. */
export async function remoteImport(remote: Remote, ws: string, files: string[], o: RemoteImportOptions, progress: Progress): Promise<ImportReport> {
  const body = multipart(
    { kind: o.kind, name: o.name, crs: o.crs, on_invalid: o.onInvalid, licence: o.licence, encoding: o.encoding, visibility: o.visibility },
    files,
    (sent, total) => progress('upload', total === 0 ? 1 : sent / total),
  );
  const accepted = await getJson<{ job_id: string }>(remote, `/api/workspaces/${seg(ws)}/imports`, { method: 'POST', body });
  return (await followJob(remote, ws, accepted.job_id, progress)) as ImportReport;
}

export async function remoteWorkspaces(remote: Remote): Promise<Workspace[]> {
  return (await getJson<{ workspaces: Workspace[] }>(remote, '/api/workspaces')).workspaces;
}

export async function remoteLayers(remote: Remote, ws: string): Promise<LayerSummary[]> {
  return (await getJson<{ layers: LayerSummary[] }>(remote, `/api/workspaces/${seg(ws)}/layers`)).layers;
}

/** The version (current when absent) without what only the API adds, and the layer's history. */
export async function remoteLayerShow(remote: Remote, ws: string, layer: string, version: number | undefined): Promise<{ v: LayerVersion; history: LayerVersion[] }> {
  const base = `/api/workspaces/${seg(ws)}/layers/${seg(layer)}`;
  const raw = await getJson<LayerVersion & { kind_info?: unknown; version_count?: unknown }>(remote, version === undefined ? base : `${base}/versions/${version}`);
  const { kind_info: _k, version_count: _c, ...v } = raw;
  const history = (await getJson<{ versions: LayerVersion[] }>(remote, `${base}/versions`)).versions;
  return { v, history };
}

/** Downloads an export into the target (a directory, or the main file's path); returns where. */
export async function remoteExport(
  remote: Remote, ws: string, layer: string, q: { format: string; crs?: string; version?: number }, target: string, intoDir: boolean,
): Promise<{ version: number; files: string[] }> {
  const res = await call(remote, `/api/workspaces/${seg(ws)}/layers/${seg(layer)}/export`, { query: q });
  const name = attachment(res.headers.get('content-disposition'), `${layer}.${q.format}`);
  const file = intoDir ? path.join(target, name) : target;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), fs.createWriteStream(file));
  return { version: Number(res.headers.get('x-dothi-layer-version')), files: [file] };
}

function attachment(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(header ?? '')?.[1];
  const raw = star ? decodeURIComponent(star) : plain ?? fallback;
  const name = raw.replace(/\\/g, '/').split('/').pop() ?? '';
  return name === '' || name === '.' || name === '..' ? fallback : name;
}

export async function remoteCompute(
  remote: Remote, ws: string, o: { unitsLayer: string; unitIdColumn?: string; calculators?: string[] }, progress: Progress,
): Promise<ComputeRunReport> {
  const accepted = await getJson<{ job_id: string }>(remote, `/api/workspaces/${seg(ws)}/results/compute`, {
    method: 'POST',
    json: { units_layer: o.unitsLayer, ...(o.unitIdColumn ? { unit_id_column: o.unitIdColumn } : {}), ...(o.calculators ? { calculators: o.calculators } : {}) },
  });
  return (await followJob(remote, ws, accepted.job_id, progress)) as ComputeRunReport;
}
