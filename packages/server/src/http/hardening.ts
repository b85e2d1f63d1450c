// What keeps one careless or hostile client from hurting the others: security headers on every
// response, a rate limit per client (per API token when one is sent, else per address), and the
// request-size and request-time limits given to the Fastify constructor. Registered before the routes.

import { createHash } from 'node:crypto';
import { DothiError } from '@dothi/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPayload } from './errors.ts';

export interface HardeningOptions {
  /** Requests a client may make per minute (bursts up to that many at once); 0 turns the limit off. */
  ratePerMinute: number;
  /** The only source of "now" for the rate limiter's buckets. */
  now: () => number;
}

/** DOTHI_RATE_LIMIT (requests per minute per client; 0 = off), DOTHI_BODY_LIMIT_BYTES, DOTHI_REQUEST_TIMEOUT_MS. */
export interface HardeningEnv {
  ratePerMinute: number;
  bodyLimit: number;
  requestTimeout: number;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new DothiError('DOTHI_USAGE', { detail: `${name} must be a number ≥ 0, not "${raw}"` });
  return n;
}

export function hardeningFromEnv(env: NodeJS.ProcessEnv = process.env): HardeningEnv {
  return {
    // A map view fetches dozens of tiles at once; 1,200 a minute leaves room for a planner panning
    // quickly and still stops a scraper or a runaway script.
    ratePerMinute: envNumber(env, 'DOTHI_RATE_LIMIT', 1200),
    // JSON bodies only; file uploads have their own, larger limits (DOTHI_MAX_IMPORT_BYTES).
    bodyLimit: envNumber(env, 'DOTHI_BODY_LIMIT_BYTES', 1024 * 1024),
    // Time to receive a whole request: slow uploads over a city network, but no slowloris.
    requestTimeout: envNumber(env, 'DOTHI_REQUEST_TIMEOUT_MS', 120_000),
  };
}

/**
 * No inline script or style anywhere (the web app is bundled files); the optional OpenStreetMap
 * basemap is the one outside origin; MapLibre runs its workers from blob: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https://tile.openstreetmap.org",
  "connect-src 'self' https://tile.openstreetmap.org",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  // Only when the client really came over HTTPS (directly, or through a proxy trusted with DOTHI_TRUST_PROXY):
  // HSTS over plain HTTP would lock a LAN deployment out of itself.
  if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per client: `perMinute` tokens, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Takes one token; returns the tokens left, or the seconds to wait when there is none. */
  take(key: string): { ok: true; remaining: number } | { ok: false; retryAfter: number } {
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 50_000) this.sweep(t);
    if (b.tokens < 1) return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)) };
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens) };
  }

  /** Full buckets carry no information; dropping them bounds memory under many addresses. */
  private sweep(t: number): void {
    const rate = this.perMinute / 60_000;
    for (const [k, b] of this.buckets) if (b.tokens + (t - b.at) * rate >= this.perMinute) this.buckets.delete(k);
  }
}

/** The client a request counts against: its bearer token (hashed; the token itself is a secret) or its address. */
export function clientKey(req: FastifyRequest): string {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (m?.[1]) return `token:${createHash('sha256').update(m[1]).digest('base64url').slice(0, 22)}`;
  return `ip:${req.ip}`;
}

export function registerHardening(app: FastifyInstance, opts: HardeningOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(req, reply);
  });
  if (opts.ratePerMinute <= 0) return;
  const limiter = new RateLimiter(opts.ratePerMinute, opts.now);
  app.addHook('onRequest', async (req, reply) => {
    const r = limiter.take(clientKey(req));
    reply.header('ratelimit-limit', String(opts.ratePerMinute));
    if (r.ok) {
      reply.header('ratelimit-remaining', String(r.remaining));
      return;
    }
    const err = new DothiError('DOTHI_API_RATE_LIMITED', { limit: opts.ratePerMinute, seconds: r.retryAfter });
    reply.header('ratelimit-remaining', '0').header('retry-after', String(r.retryAfter));
    return reply.code(err.status).type('application/json; charset=utf-8').send(errorPayload(err));
  });
}
