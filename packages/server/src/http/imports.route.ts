// Imports over HTTP: a multipart upload streamed into a fresh temporary folder under its original
// file names (the loose parts of a Shapefile or MapInfo table find each other by name), then the
// same import job the CLI runs. The caller gets the job at once (202), or the report when it waits.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { DothiError } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { importFile } from '../imports/import-file.ts';
import type { ImportLimits, ImportReport } from '../imports/import-file.ts';
import { ErrorBody, Link, VisibilityEnum, WorkspaceParams } from './schemas.ts';

/** Enough for the side files of any format (a Shapefile has up to ten) with room to spare. */
const MAX_FILES = 20;
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

/** The multipart parser's limit errors, said in terms of this endpoint. */
function limitError(e: unknown): DothiError | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (code === 'FST_FILES_LIMIT') return new DothiError('DOTHI_API_PAYLOAD_TOO_LARGE', { detail: `an import takes at most ${MAX_FILES} files` });
  if (code === 'FST_FIELDS_LIMIT') return new DothiError('DOTHI_API_PAYLOAD_TOO_LARGE', { detail: `an import takes at most ${MAX_FIELDS} fields` });
  if (code === 'FST_PARTS_LIMIT') return new DothiError('DOTHI_API_PAYLOAD_TOO_LARGE', { detail: `an import takes at most ${MAX_FILES + MAX_FIELDS} parts` });
  return undefined;
}

const ImportFields = z.strictObject({
  kind: z.string().min(1).max(100).optional().describe('Layer kind (transit_stops, buildings, ...); required unless the file says'),
  name: z.string().min(1).max(200).optional().describe('Layer name; the file name when absent'),
  crs: z.string().min(1).max(200).optional().describe('Source CRS, overriding what the file says (EPSG:9210, vn2000:danang)'),
  on_invalid: z.enum(['reject', 'repair', 'skip']).default('reject').describe('What an invalid feature does to the import'),
  licence: z.string().min(1).max(500).optional(),
  encoding: z.string().min(1).max(50).optional().describe('Text encoding of the attributes (cp1258, windows-1252, utf-8)'),
  visibility: VisibilityEnum.optional().describe('Who sees the layers: workspace for a new layer when absent; an existing layer keeps its own'),
});

const ImportForm = ImportFields.extend({
  file: z
    .array(z.string().meta({ format: 'binary' }))
    .describe('One or more files of ONE dataset, under their own names (roads.shp, roads.shx, roads.dbf, roads.prj)'),
})
  .describe('multipart/form-data: the files and the import options');

const ImportQuery = z.object({
  wait: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: answer 200 with the report (or the error) when the import ends, instead of 202 at once'),
});

const FeatureProblem = z.object({ id: z.string(), valid: z.boolean(), reason: z.string().optional(), repaired: z.boolean().optional() });

const ImportReportBody = z.object({
  job_id: z.string(),
  file: z.string(),
  sha256: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  notes: z.array(z.string()),
  on_invalid: z.enum(['reject', 'repair', 'skip']),
  imported: z.number().int(),
  rejected: z.number().int(),
  layers: z.array(
    z.object({
      layer: z.string(),
      kind: z.string(),
      version: z.number().int(),
      source_layer: z.string(),
      source_crs: z.string(),
      source_crs_reason: z.string(),
      total: z.number().int(),
      imported: z.number().int(),
      rejected: z.number().int(),
      repaired: z.number().int(),
      features: z.array(FeatureProblem),
    }),
  ),
});

const JobAccepted = z.object({
  job_id: z.string(),
  status: z.literal('running'),
  links: z.array(Link).describe('status: the job row (GET); events: its progress as Server-Sent Events'),
});

/** The one error shape, with `data` where an error carries a report (the rejected features). */
const ImportErrorBody = z.object({
  error: ErrorBody.shape.error.extend({
    data: z.object({ features: z.array(FeatureProblem).optional() }).loose().optional(),
  }),
});

const importErrors = { 400: ImportErrorBody, 404: ImportErrorBody, 409: ImportErrorBody, 413: ImportErrorBody, 415: ImportErrorBody, 422: ImportErrorBody, 500: ImportErrorBody } as const;

/** The name a browser or curl sent, reduced to a plain file name in the upload folder. */
export function uploadFileName(raw: string): string {
  const name = (raw.replace(/\\/g, '/').split('/').pop() ?? '').normalize('NFC').trim();
  if (name === '' || name === '.' || name === '..' || /[\u0000-\u001f\u007f]/.test(name) || Buffer.byteLength(name) > 255) {
    throw new DothiError('DOTHI_USAGE', { detail: `the file name ${JSON.stringify(raw)} cannot be used; give each file its own plain name` });
  }
  return name;
}

interface Upload {
  paths: string[];
  fields: Record<string, string>;
}

async function receiveUpload(req: FastifyRequest, dir: string, maxBytes: number): Promise<Upload> {
  try {
    return await receiveParts(req, dir, maxBytes);
  } catch (e) {
    throw limitError(e) ?? e;
  }
}

async function receiveParts(req: FastifyRequest, dir: string, maxBytes: number): Promise<Upload> {
  const paths: string[] = [];
  const fields: Record<string, string> = {};
  const taken = new Set<string>();
  let total = 0;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (typeof part.value !== 'string') throw new DothiError('DOTHI_USAGE', { detail: `the field ${part.fieldname} must be plain text` });
      if (part.fieldname in fields) throw new DothiError('DOTHI_USAGE', { detail: `the field ${part.fieldname} is given twice` });
      fields[part.fieldname] = part.value;
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw new DothiError('DOTHI_USAGE', { detail: `files go in parts named "file", not "${part.fieldname}"` });
    }
    const name = uploadFileName(part.filename);
    // Case-insensitively, because the readers match side files by stem whatever their case.
    if (taken.has(name.toLowerCase())) throw new DothiError('DOTHI_USAGE', { detail: `the file ${name} is given twice` });
    taken.add(name.toLowerCase());
    const target = path.join(dir, name);
    await pipeline(part.file, fs.createWriteStream(target, { flags: 'wx' }));
    if (part.file.truncated) throw new DothiError('DOTHI_IMPORT_TOO_LARGE', { file: name, size: `more than ${maxBytes}`, limit: maxBytes });
    total += (await fs.promises.stat(target)).size;
    if (total > maxBytes) throw new DothiError('DOTHI_IMPORT_TOO_LARGE', { file: `${name} (with the files before it)`, size: total, limit: maxBytes });
    paths.push(target);
  }
  if (paths.length === 0) throw new DothiError('DOTHI_USAGE', { detail: 'no file was sent: put the dataset in one or more parts named "file"' });
  return { paths, fields };
}

function parseFields(raw: Record<string, string>): z.infer<typeof ImportFields> {
  const r = ImportFields.safeParse(raw);
  if (r.success) return r.data;
  const detail = r.error.issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown fields ${i.keys.join(', ')}` : `field ${i.path.join('.') || 'form'}: ${i.message}`))
    .join('; ');
  throw new DothiError('DOTHI_USAGE', { detail });
}

export interface ImportsRouteOptions {
  db: Db;
  clock: () => Date;
  limits: ImportLimits;
}

export const importsRoutes: FastifyPluginAsyncZod<ImportsRouteOptions> = async (app, { db, clock, limits }) => {
  // Registered here, not app-wide: only this route accepts multipart bodies.
  await app.register(fastifyMultipart, {
    limits: { fileSize: limits.maxBytes, files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES + MAX_FIELDS },
  });

  // Imports still running when the app closes are waited for, so none writes to a closed store.
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.post('/api/workspaces/:ws/imports', {
    config: { permission: 'edit' },
    schema: {
      tags: ['imports'],
      summary: 'Import a file (or the loose parts of one dataset) as new layer versions',
      description:
        'multipart/form-data: one or more `file` parts and the fields kind, name, crs, on_invalid, licence, encoding. ' +
        'Answers 202 with the job at once; with wait=true, 200 with the import report when it ends, or the coded error ' +
        '(DOTHI_IMPORT_INVALID_FEATURES lists each rejected feature in error.data.features). A bad file writes nothing.',
      consumes: ['multipart/form-data'],
      params: WorkspaceParams,
      querystring: ImportQuery,
      body: ImportForm,
      response: { 200: ImportReportBody, 202: JobAccepted, ...importErrors },
    },
    // The body schema documents the form; the parts are read as a stream below, so it is never validated.
    // (Fastify types a route's compiler by the whole route schema, the zod compiler by one part of it: same object at run time.)
    validatorCompiler: (route) =>
      route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
  }, async (req, reply) => {
    const { ws } = req.params;
    if (!req.isMultipart()) {
      throw new DothiError('DOTHI_API_UNSUPPORTED_MEDIA_TYPE', { type: req.headers['content-type'] ?? 'none', expected: 'multipart/form-data' });
    }
    await getWorkspace(db, ws);
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dothi-upload-'));
    const removeDir = (): Promise<void> => fs.promises.rm(dir, { recursive: true, force: true });
    let job: Promise<ImportReport>;
    let started: Promise<string>;
    try {
      const upload = await receiveUpload(req, dir, limits.maxBytes);
      const f = parseFields(upload.fields);
      let onStarted: (id: string) => void = () => undefined;
      started = new Promise<string>((resolve) => (onStarted = resolve));
      job = importFile(db, {
        workspace: ws, paths: upload.paths, kind: f.kind, name: f.name, crs: f.crs, onInvalid: f.on_invalid,
        licence: f.licence, encoding: f.encoding, visibility: f.visibility, importer: 'web', limits, clock, onJobStarted: onStarted,
      }).finally(removeDir);
    } catch (e) {
      await removeDir();
      throw e;
    }
    const tracked = job.then(
      (r) => req.log.info({ job: r.job_id, imported: r.imported, rejected: r.rejected }, 'import finished'),
      (e: unknown) => {
        // A coded failure is the file's problem and already in the job row; anything else needs its cause in the log.
        if (e instanceof DothiError && e.status < 500) req.log.info({ code: e.code }, 'import failed');
        else req.log.error({ err: e }, 'import failed');
      },
    );
    running.add(tracked);
    void tracked.finally(() => running.delete(tracked));

    if (req.query.wait) return reply.code(200).send(await job);
    // A failure before the job row exists (unknown kind, too large) is the request's own error.
    const jobId = await Promise.race([started, job.then((r) => r.job_id)]);
    const href = `/api/jobs/${encodeURIComponent(ws)}/${encodeURIComponent(jobId)}`;
    return reply
      .code(202)
      .header('location', href)
      .send({
        job_id: jobId,
        status: 'running' as const,
        links: [
          { rel: 'status', href, type: 'application/json' },
          { rel: 'events', href: `${href}/events`, type: 'text/event-stream' },
        ],
      });
  });
};
