// The CLI against a running dothi server: `--server URL` (or DOTHI_SERVER) with the API token in
// DOTHI_TOKEN. The server checks the token's workspace and role exactly as for every other API client, and
// its coded errors come back as the same coded errors a local run would print.

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { DothiError, isErrorCode } from '@dothi/engine';
import type { ErrorDetails } from '@dothi/engine';
import type { Flags } from './main.ts';

export interface Remote {
  base: URL;
  token: string | undefined;
  lang: 'en' | 'vi';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The server to talk to, when the command line or the environment names one. */
export function remoteFrom(flags: Flags, env: NodeJS.ProcessEnv = process.env, lang: 'en' | 'vi' = 'en'): Remote | undefined {
  const raw = (flags.server ?? env.DOTHI_SERVER ?? '').trim();
  if (raw === '') return undefined;
  let base: URL;
  try {
    base = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new DothiError('DOTHI_USAGE', { detail: `--server must be a URL such as https://dothi.example.org, not "${raw}"` });
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new DothiError('DOTHI_USAGE', { detail: `--server must be an http or https URL, not "${raw}"` });
  const token = env.DOTHI_TOKEN?.trim() || undefined;
  // A token sent in clear text to another machine can be read on the way: only loopback may be plain HTTP.
  if (token && base.protocol === 'http:' && !isLoopback(base.hostname)) {
    throw new DothiError('DOTHI_USAGE', { detail: `the API token would travel unencrypted to ${base.host}; use https://` });
  }
  return { base, token, lang };
}

interface CallOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: { stream: Readable; type: string; length: number };
}

/** An HTTP call to the server; a non-2xx answer becomes the server's own coded error. */
export async function call(remote: Remote, route: string, opts: CallOptions = {}): Promise<Response> {
  const url = new URL(route.replace(/^\//, ''), remote.base);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': remote.lang };
  if (remote.token) headers.authorization = `Bearer ${remote.token}`;
  let body: RequestInit['body'];
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body) {
    headers['content-type'] = opts.body.type;
    headers['content-length'] = String(opts.body.length);
    body = Readable.toWeb(opts.body.stream) as ReadableStream<Uint8Array>;
  }
  let res: Response;
  try {
    res = await fetch(url, { method: opts.method ?? 'GET', headers, body, ...(opts.body ? { duplex: 'half' } : {}) } as RequestInit);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DothiError('DOTHI_REMOTE_UNREACHABLE', { server: remote.base.origin, detail: cause?.code ?? cause?.message ?? (e as Error).message });
  }
  if (!res.ok) throw await remoteError(remote, res);
  return res;
}

export async function getJson<T>(remote: Remote, route: string, opts: CallOptions = {}): Promise<T> {
  return (await (await call(remote, route, opts)).json()) as T;
}

interface ErrorFields { code?: unknown; message?: unknown; details?: unknown; data?: unknown }
interface ErrorShape { error?: ErrorFields }

/** The server's coded error as this process's own, or DOTHI_REMOTE_FAILED with what it said. */
function codedError(remote: Remote, e: ErrorFields | undefined, status: number | string, fallback: string): DothiError {
  if (e && isErrorCode(e.code)) {
    const details = typeof e.details === 'object' && e.details !== null ? (e.details as ErrorDetails) : {};
    return new DothiError(e.code, details, e.data);
  }
  return new DothiError('DOTHI_REMOTE_FAILED', { server: remote.base.origin, status, detail: typeof e?.message === 'string' ? e.message : fallback });
}

async function remoteError(remote: Remote, res: Response): Promise<DothiError> {
  const text = await res.text();
  let parsed: ErrorShape | undefined;
  try {
    parsed = JSON.parse(text) as ErrorShape;
  } catch {
    parsed = undefined;
  }
  return codedError(remote, parsed?.error, res.status, text.slice(0, 200) || res.statusText);
}

export interface UploadBody { stream: Readable; type: string; length: number }

/**
 * A multipart/form-data body of text fields and files, streamed from disk with its exact length
 * known beforehand, reporting the bytes sent so the upload can show a bar.
 */
export function multipart(fields: Record<string, string | undefined>, files: string[], onBytes: (sent: number, total: number) => void): UploadBody {
  const boundary = `dothi-${randomBytes(12).toString('hex')}`;
  const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
  const quote = (s: string): string => s.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
  const parts: Array<Buffer | string> = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(enc(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    parts.push(enc(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${quote(path.basename(file))}"\r\ncontent-type: application/octet-stream\r\n\r\n`));
    parts.push(file);
    parts.push(enc('\r\n'));
  }
  parts.push(enc(`--${boundary}--\r\n`));
  const total = parts.reduce((n, p) => n + (typeof p === 'string' ? fs.statSync(p).size : p.length), 0);
  async function* chunks(): AsyncGenerator<Buffer> {
    let sent = 0;
    for (const p of parts) {
      if (typeof p !== 'string') {
        sent += p.length;
        yield p;
        continue;
      }
      for await (const chunk of fs.createReadStream(p)) {
        sent += (chunk as Buffer).length;
        onBytes(sent, total);
        yield chunk as Buffer;
      }
    }
    onBytes(total, total);
  }
  return { stream: Readable.from(chunks()), type: `multipart/form-data; boundary=${boundary}`, length: total };
}

export interface RemoteJob { job_id: string; status: 'running' | 'succeeded' | 'failed'; result: unknown; error: unknown }

/** The events of a Server-Sent Events body, one `{ event, data }` per block that has both. */
export async function* serverSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) yield { event, data };
    }
  }
}

/**
 * Follows a job to its end through its Server-Sent Events, passing on its progress, and returns
 * the result; a failed job throws the server's coded error.
 */
export async function followJob(remote: Remote, ws: string, id: string, onProgress: (phase: string, fraction: number) => void): Promise<unknown> {
  const res = await call(remote, `/api/jobs/${encodeURIComponent(ws)}/${encodeURIComponent(id)}/events`, {});
  let end: RemoteJob | undefined;
  for await (const { event, data } of serverSentEvents(res.body as unknown as AsyncIterable<Uint8Array>)) {
    if (event === 'progress') {
      const p = JSON.parse(data) as { phase: string; fraction: number };
      onProgress(p.phase, p.fraction);
    } else if (event === 'end') {
      end = JSON.parse(data) as RemoteJob;
    }
  }
  // A stream that ends without its `end` event (a proxy cut it, the server stopped): the row says.
  end ??= await getJson<RemoteJob>(remote, `/api/jobs/${encodeURIComponent(ws)}/${encodeURIComponent(id)}`);
  if (end.status === 'succeeded') return end.result;
  throw codedError(remote, (end.error ?? undefined) as ErrorFields | undefined, end.status, `job ${id} did not succeed`);
}
