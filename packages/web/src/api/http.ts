// The web's HTTP basics: one error type carrying the API's coded error in both languages (the page
// shows whichever half matches the current language), and JSON reads that turn every failure into it.

import { translate } from '../messages.ts';

/** A rejected or repaired record, as an import report lists it. */
export interface FeatureProblem {
  id: string;
  valid: boolean;
  reason?: string;
  repaired?: boolean;
}

/** The API's one error shape; `data` only where an error carries a report (the rejected features). */
export interface ErrorJson {
  code: string;
  message: string;
  message_vi: string;
  details?: Record<string, unknown>;
  data?: { features?: FeatureProblem[] };
}

/** An error from the API (its catalog code) or from the network, in both languages. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly en: string,
    readonly vi: string,
    readonly status: number,
    readonly features: readonly FeatureProblem[] = [],
  ) {
    super(en);
    this.name = 'ApiError';
  }

  static fromJson(e: ErrorJson, status: number): ApiError {
    return new ApiError(e.code, e.message, e.message_vi, status, e.data?.features ?? []);
  }

  /** The server was not reached, or answered something that is not the error shape. */
  static network(detail: string, status = 0): ApiError {
    return new ApiError(status ? 'HTTP' : 'NETWORK', translate('en', 'error.network', { detail }), translate('vi', 'error.network', { detail }), status);
  }
}

function isErrorJson(v: unknown): v is ErrorJson {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string' && typeof e.message_vi === 'string';
}

/** The ApiError a non-2xx body describes, whether it is the error shape or not. */
export function errorFromBody(body: unknown, status: number): ApiError {
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return isErrorJson(inner) ? ApiError.fromJson(inner, status) : ApiError.network(`HTTP ${status}`, status);
}

/** A job's stored error is the same shape; anything else still reads as an error. */
export function errorFromJob(error: unknown): ApiError {
  return isErrorJson(error) ? ApiError.fromJson(error, 0) : ApiError.network('the job failed without saying why');
}

/** The session's CSRF token (a readable cookie set at sign-in), which every change made while signed in sends back. */
export function csrfToken(): string | null {
  // Read through globalThis: the server's tests import this module under Node, which has no document.
  const cookie = (globalThis as { document?: { cookie?: string } }).document?.cookie ?? '';
  const m = /(?:^|;\s*)dothi_csrf=([^;]*)/.exec(cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

function withCsrf(init: RequestInit): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const token = csrfToken();
  if (method === 'GET' || method === 'HEAD' || !token) return init;
  const headers = new Headers(init.headers);
  headers.set('x-csrf-token', token);
  return { ...init, headers };
}

export async function fetchOk(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, withCsrf(init));
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw ApiError.network((e as Error).message);
  }
  if (!res.ok) throw errorFromBody(await res.json().catch(() => null), res.status);
  return res;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetchOk(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  return (await res.json()) as T;
}

export const seg = encodeURIComponent;

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
