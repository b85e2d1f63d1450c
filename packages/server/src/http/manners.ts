// Production manners for every route the app serves (REST, OGC API, tiles, the web app): request ids
// in the logs and the response, security headers and a rate limit (hardening.ts), compression, weak
// ETags with conditional GETs, and CORS only when an operator asks for it. Registered before the
// routes, because Fastify attaches route-level hooks (compression) when a route is added.

import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCors from '@fastify/cors';
import { hardeningFromEnv, registerHardening } from './hardening.ts';
import type { HardeningEnv } from './hardening.ts';

/** Where pino writes structured log lines (one JSON object a line); tests read them back. */
export interface LogSink {
  write(line: string): void;
}

export type LoggerSetting = boolean | { level?: string; stream?: LogSink };

export interface MannersOptions {
  /** DOTHI_CORS_ORIGINS: a comma list of origins, or `*`; no CORS headers at all when empty. */
  corsOrigins?: string | undefined;
  /** Requests per minute per client (0 = no limit); DOTHI_RATE_LIMIT when absent. */
  ratePerMinute?: number | undefined;
  /** Time for the rate limiter (tests fix it); the wall clock when absent. */
  rateClock?: (() => number) | undefined;
}

/**
 * Ids a client or proxy sends are kept only when they are short and plain, because they are
 * copied into log lines and response headers.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

export function requestIdFrom(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  return id !== undefined && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}

/**
 * Options for the Fastify constructor: the logger, our request ids (Fastify puts them on every log
 * line as `reqId`), the size and time limits of a request, and whether X-Forwarded-* is believed.
 */
export function serverOptions(logger: LoggerSetting | undefined, limits: HardeningEnv = hardeningFromEnv(), env: NodeJS.ProcessEnv = process.env): {
  logger: LoggerSetting;
  genReqId: (raw: IncomingMessage) => string;
  requestIdHeader: false;
  bodyLimit: number;
  requestTimeout: number;
  trustProxy: boolean | string;
} {
  // DOTHI_TRUST_PROXY: "true", or the proxy addresses (comma list or CIDR); off by default, because a
  // client could otherwise pick its own address for the rate limit and claim HTTPS.
  const proxy = (env.DOTHI_TRUST_PROXY ?? '').trim();
  return {
    logger: logger ?? false,
    genReqId: requestIdFrom,
    requestIdHeader: false,
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeout,
    trustProxy: proxy === '' || proxy === 'false' ? false : proxy === 'true' ? true : proxy,
  };
}

export function parseCorsOrigins(value: string | undefined): string[] | '*' | undefined {
  const list = (value ?? '').split(',').map((s) => s.trim().replace(/\/+$/, '')).filter((s) => s !== '');
  if (list.length === 0) return undefined;
  return list.includes('*') ? '*' : list;
}

/** Weak: the same tag covers the gzip, brotli and identity encodings of one representation. */
function weakEtag(payload: string | Buffer): string {
  return `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2), may list several tags, or be `*`. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const want = opaque(etag);
  return header.split(',').some((t) => opaque(t) === want);
}

async function etagHook(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  let etag = reply.getHeader('etag');
  if (typeof etag !== 'string') {
    etag = weakEtag(payload);
    reply.header('etag', etag);
  }
  if (noneMatch(req.headers['if-none-match'], etag)) {
    reply.code(304);
    return '';
  }
  return payload;
}

/**
 * Compressible: the mime-db list plus the usual text, JSON and XML families and vector tiles
 * (protobuf compresses well); zips, GeoPackages and anything already encoded pass as they are.
 */
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)|^application\/(?:vnd\.mapbox-vector-tile|x-protobuf)(?:;|$)/u;

export async function registerManners(app: FastifyInstance, opts: MannersOptions): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  registerHardening(app, { ratePerMinute: opts.ratePerMinute ?? hardeningFromEnv().ratePerMinute, now: opts.rateClock ?? Date.now });
  // Hashed before compression (instance hooks run before the route-level hook compress adds).
  app.addHook('onSend', etagHook);
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024, customTypes: COMPRESSIBLE });
  const origins = parseCorsOrigins(opts.corsOrigins);
  if (origins) {
    await app.register(fastifyCors, {
      origin: origins === '*' ? '*' : origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposedHeaders: ['ETag', 'X-Request-Id', 'Content-Disposition', 'Location', 'X-Dothi-Layer-Version'],
      maxAge: 600,
    });
  }
}
