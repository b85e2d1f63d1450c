// Every failure leaves the API in one JSON shape, { error: { code, message, message_vi, details } },
// with the HTTP status the catalog gives the code, so clients branch on codes, never on wording.

import { DothiError } from '@dothi/engine';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface ErrorPayload {
  error: ReturnType<DothiError['toJSON']> & { data?: unknown };
}

/** `data` (say, the rejected features of an import) only when the error carries some. */
export function errorPayload(e: DothiError): ErrorPayload {
  return { error: e.data === undefined ? e.toJSON() : { ...e.toJSON(), data: e.data } };
}

/** Fastify's own errors carry a statusCode; those below 500 are the caller's to fix. */
function isClientFastifyError(e: unknown): e is FastifyError {
  if (typeof e !== 'object' || e === null) return false;
  const status = (e as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function validationDetail(e: FastifyError): string {
  const where = e.validationContext ?? 'request';
  if (hasZodFastifySchemaValidationErrors(e)) {
    return e.validation
      .map((v) => {
        const at = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return `${at ? `${where}.${at}` : where}: ${v.message ?? 'invalid'}`;
      })
      .join('; ');
  }
  return e.message;
}

const header = (req: FastifyRequest, name: string): string => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(', ') : v) ?? 'none';
};

/** Limits and media types keep their own statuses (413, 415), not the 400 of a usage error. */
function transportError(e: FastifyError, req: FastifyRequest): DothiError | undefined {
  if (e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new DothiError('DOTHI_API_UNSUPPORTED_MEDIA_TYPE', { type: header(req, 'content-type'), expected: 'multipart/form-data' });
  }
  if (e.statusCode === 415) {
    const encoding = e.code === 'FST_CP_ERR_INVALID_CONTENT_ENCODING';
    return new DothiError('DOTHI_API_UNSUPPORTED_MEDIA_TYPE', {
      type: encoding ? `Content-Encoding: ${header(req, 'content-encoding')}` : header(req, 'content-type'),
      expected: encoding ? 'gzip, deflate or br' : 'a type this endpoint accepts (see /api/openapi.json)',
    });
  }
  if (e.statusCode === 413) return new DothiError('DOTHI_API_PAYLOAD_TOO_LARGE', { detail: e.message });
  return undefined;
}

export function toDothiError(e: unknown, req: FastifyRequest): DothiError {
  if (e instanceof DothiError) return e;
  if (isClientFastifyError(e)) {
    const transport = transportError(e, req);
    if (transport) return transport;
    const detail = e.validation ? validationDetail(e) : e.message;
    return new DothiError('DOTHI_USAGE', { detail });
  }
  // The cause goes to the log only: SQL text and stack traces are not for API clients.
  return new DothiError('DOTHI_INTERNAL', { detail: `request ${req.id} failed; the server log has the cause` });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((e: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const err = toDothiError(e, req);
    if (err.status >= 500) req.log.error({ err: e }, 'request failed');
    return reply.code(err.status).type('application/json; charset=utf-8').send(errorPayload(err));
  });
}

export function sendNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0] ?? req.url;
  const err = new DothiError('DOTHI_API_NOT_FOUND', { method: req.method, path });
  return reply.code(err.status).type('application/json; charset=utf-8').send(errorPayload(err));
}
