// Assertions shared by the HTTP tests.

import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

export interface ErrorJson {
  error: { code: string; message: string; message_vi: string; details: Record<string, unknown> };
}

/** The one error shape: exactly these keys, the catalog's status, and both languages filled in. */
export function assertError(res: LightMyRequestResponse, status: number, code: string): ErrorJson['error'] {
  assert.equal(res.statusCode, status, `status for ${code}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json<ErrorJson>();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'details', 'message', 'message_vi']);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  assert.ok(body.error.message_vi.length > 0);
  assert.notEqual(body.error.message_vi, body.error.message);
  assert.doesNotMatch(body.error.message, /\{\w+\}/, 'every placeholder filled');
  assert.equal(typeof body.error.details, 'object');
  return body.error;
}

export const FIXED_NOW = new Date('2026-03-01T09:15:00.000Z');
export const fixedClock = (): Date => new Date(FIXED_NOW);
