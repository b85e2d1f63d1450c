// multipart/form-data bodies for the import tests, built by the platform's own FormData (undici),
// so the bytes on the wire are what a browser's fetch would send.

import fs from 'node:fs';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface UploadFile {
  /** The name the client sends; may differ from the file on disk. */
  name: string;
  data: Uint8Array | string;
}

export function fileFrom(path: string | URL, name?: string): UploadFile {
  const p = path instanceof URL ? path : new URL(`file://${path}`);
  return { name: name ?? decodeURIComponent(p.pathname.split('/').pop() ?? ''), data: new Uint8Array(fs.readFileSync(p)) };
}

export async function multipart(files: UploadFile[], fields: Record<string, string> = {}): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([typeof f.data === 'string' ? f.data : Buffer.from(f.data)]), f.name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

export async function upload(
  app: FastifyInstance,
  ws: string,
  files: UploadFile[],
  fields: Record<string, string> = {},
  query = '?wait=true',
): Promise<LightMyRequestResponse> {
  const { body, contentType } = await multipart(files, fields);
  return app.inject({ method: 'POST', url: `/api/workspaces/${ws}/imports${query}`, payload: body, headers: { 'content-type': contentType } });
}

export interface JobJson {
  job_id: string;
  status: 'running' | 'succeeded' | 'failed';
  input: Record<string, unknown>;
  result: unknown;
  error: { code: string; message: string; message_vi: string; details: Record<string, unknown>; data?: { features?: unknown[] } } | null;
}

/** Polls the job row until the job has ended (the embedded store answers once the import's transaction is over). */
export async function waitForJob(app: FastifyInstance, ws: string, id: string, timeoutMs = 60_000): Promise<JobJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ url: `/api/jobs/${ws}/${id}` });
    assert.equal(res.statusCode, 200, res.body);
    const job = res.json<JobJson>();
    if (job.status !== 'running') return job;
    assert.ok(Date.now() < deadline, `job ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
