// Imports from the browser: the upload (with its own progress, since big files take a while to
// send), then the job's progress as Server-Sent Events, then the report or the coded error.

import { ApiError, csrfToken, errorFromBody, errorFromJob, getJson, seg } from './http.ts';
import type { FeatureProblem } from './http.ts';

export type OnInvalid = 'reject' | 'repair' | 'skip';

export interface ImportRequest {
  files: readonly File[];
  kind: string;
  name: string;
  crs: string;
  onInvalid: OnInvalid;
  licence: string;
  encoding: string;
}

export interface LayerReport {
  layer: string;
  kind: string;
  version: number;
  source_layer: string;
  source_crs: string;
  source_crs_reason: string;
  total: number;
  imported: number;
  rejected: number;
  repaired: number;
  features: FeatureProblem[];
}

export interface ImportReport {
  job_id: string;
  file: string;
  format: string;
  encoding: string | null;
  notes: string[];
  on_invalid: OnInvalid;
  imported: number;
  rejected: number;
  layers: LayerReport[];
}

interface JobAccepted {
  job_id: string;
  links: Array<{ rel: string; href: string }>;
}

interface JobRow {
  job_id: string;
  status: 'running' | 'succeeded' | 'failed';
  result: unknown;
  error: unknown;
}

export interface Progress {
  /** upload, then the server's phases: read, check, write, done. */
  phase: string;
  /** 0..1 within the whole step the phase belongs to. */
  fraction: number;
}

function formData(req: ImportRequest): FormData {
  const form = new FormData();
  // Fields first: the server reads the parts as a stream and needs no field after the files, but keeping them first is cheap.
  const fields: Array<[string, string]> = [
    ['kind', req.kind], ['name', req.name], ['crs', req.crs], ['on_invalid', req.onInvalid], ['licence', req.licence], ['encoding', req.encoding],
  ];
  for (const [k, v] of fields) if (v.trim()) form.append(k, v.trim());
  for (const f of req.files) form.append('file', f, f.name);
  return form;
}

/** Sends the files; resolves with the job's links once the server has accepted them (202). */
export function uploadImport(ws: string, req: ImportRequest, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<JobAccepted> {
  // fetch() reports no upload progress; XMLHttpRequest does.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/workspaces/${seg(ws)}/imports`);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ phase: 'upload', fraction: e.loaded / e.total });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: reported by status below */
      }
      if (xhr.status === 202 || xhr.status === 200) resolve(body as JobAccepted);
      else reject(errorFromBody(body, xhr.status));
    };
    xhr.onerror = () => reject(ApiError.network('the upload was interrupted'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(formData(req));
  });
}

function finished(row: JobRow): ImportReport {
  if (row.status === 'succeeded') return row.result as ImportReport;
  throw errorFromJob(row.error);
}

/** Follows the job's events until it ends; falls back to reading its row if the stream breaks. */
export function watchJob(accepted: JobAccepted, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<ImportReport> {
  const status = accepted.links.find((l) => l.rel === 'status')?.href;
  const events = accepted.links.find((l) => l.rel === 'events')?.href;
  if (!status || !events) return Promise.reject(ApiError.network('the server did not say where to follow the import'));
  return new Promise((resolve, reject) => {
    const source = new EventSource(events);
    let done = false;
    const end = (row: JobRow): void => {
      if (done) return;
      done = true;
      source.close();
      try {
        resolve(finished(row));
      } catch (e) {
        reject(e);
      }
    };
    const fail = (e: unknown): void => {
      if (done) return;
      done = true;
      source.close();
      reject(e);
    };
    source.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent<string>).data) as Progress;
      onProgress({ phase: p.phase, fraction: p.fraction });
    });
    source.addEventListener('job', (e) => {
      const row = JSON.parse((e as MessageEvent<string>).data) as JobRow;
      if (row.status !== 'running') end(row);
    });
    source.addEventListener('end', (e) => end(JSON.parse((e as MessageEvent<string>).data) as JobRow));
    // The stream ended without an end event (a proxy cut it, the server restarted): the row says how the job stands.
    source.onerror = () => {
      if (done) return;
      source.close();
      void pollJob(status, signal).then(end, fail);
    };
    signal.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

async function pollJob(href: string, signal: AbortSignal): Promise<JobRow> {
  for (;;) {
    const row = await getJson<JobRow>(href, signal);
    if (row.status !== 'running') return row;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
