// An import, end to end: limits, hashing, reading, CRS, per-feature checks, then every layer of
// the file written in ONE transaction, so a bad file or a killed process leaves nothing behind.

import type { Visibility } from '../auth/access.ts';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DothiError, findLayerKind, LAYER_KINDS, personalAttributes } from '@dothi/engine';
import type { Db } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { readInput } from '../formats/readers.ts';
import { inputFromPaths } from '../formats/detect.ts';
import type { SourceLayer } from '../formats/types.ts';
import { runJob } from '../jobs/jobs.ts';
import { resolveCrs } from './resolve-crs.ts';
import { checkFeatures } from './check-features.ts';
import type { FeatureReport } from './check-features.ts';
import { writeVersion } from './write-version.ts';
import type { OnInvalid } from './write-version.ts';

export interface ImportLimits {
  maxBytes: number;
  maxFeatures: number;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const num = (v: string | undefined, d: number): number => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { maxBytes: num(env.DOTHI_MAX_IMPORT_BYTES, 2 * 1024 ** 3), maxFeatures: num(env.DOTHI_MAX_IMPORT_FEATURES, 5_000_000) };
}

export interface ImportOptions {
  workspace: string;
  /** The file, or the loose parts of one dataset (.shp .dbf .shx .prj ...). */
  paths: string[];
  kind?: string | undefined;
  name?: string | undefined;
  crs?: string | undefined;
  onInvalid: OnInvalid;
  licence?: string | undefined;
  encoding?: string | undefined;
  /** Who sees the layers written (new layers: 'workspace' when absent; existing ones keep theirs). */
  visibility?: Visibility | undefined;
  importer: string;
  limits: ImportLimits;
  clock: () => Date;
  onProgress?: (phase: string, fraction: number, message?: string) => void;
  /** Called once the job row exists, before the file is read: the HTTP API answers 202 with this id. */
  onJobStarted?: (jobId: string) => void;
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
  features: FeatureReport[];
}

export interface ImportReport {
  job_id: string;
  file: string;
  sha256: string;
  format: string;
  encoding: string | null;
  notes: string[];
  on_invalid: OnInvalid;
  imported: number;
  rejected: number;
  layers: LayerReport[];
}

export function layerSlug(s: string): string {
  const out = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 63);
  return out || 'layer';
}

function baseName(file: string): string {
  return path.basename(file).replace(/\.(osm\.pbf|osm|pbf|geojson|json|csv|zip|shp|gpkg|kml|tab|dxf)$/i, '');
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function layerIdFor(opts: ImportOptions, src: SourceLayer, count: number, fileBase: string): string {
  const base = layerSlug(opts.name ?? fileBase);
  if (count === 1 && !src.kind) return base;
  return layerSlug(`${base}-${src.kind ?? src.name}`);
}

export async function importFile(db: Db, opts: ImportOptions): Promise<ImportReport> {
  await getWorkspace(db, opts.workspace);
  if (opts.kind !== undefined && !findLayerKind(opts.kind)) {
    throw new DothiError('DOTHI_LAYER_KIND_UNKNOWN', { kind: opts.kind, known: LAYER_KINDS.map((k) => k.id).join(', ') });
  }
  const input = inputFromPaths(opts.paths);
  const main = input.parts[0];
  if (!main) throw new DothiError('DOTHI_USAGE', { detail: 'no file to import' });
  let bytes = 0;
  for (const p of input.parts) bytes += fs.statSync(p.path).size;
  if (bytes > opts.limits.maxBytes) {
    throw new DothiError('DOTHI_IMPORT_TOO_LARGE', { file: input.name, size: bytes, limit: opts.limits.maxBytes });
  }
  const jobInput = { file: input.name, kind: opts.kind ?? null, name: opts.name ?? null, crs: opts.crs ?? null, on_invalid: opts.onInvalid };
  const { result } = await runJob(db, opts.workspace, 'import', jobInput, opts.clock, async (progress, jobId): Promise<ImportReport> => {
    const relay = (phase: string, f: number, m?: string): void => {
      progress(phase, f, m);
      opts.onProgress?.(phase, f, m);
    };
    relay('read', 0, input.name);
    const parts = await Promise.all(input.parts.map(async (p) => ({ name: p.name, sha256: await sha256(p.path) })));
    const dataset = await readInput(input, {
      maxFeatures: opts.limits.maxFeatures,
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
      onProgress: (f) => relay('read', 0.3 * f),
    });
    const total = dataset.layers.reduce((n, l) => n + l.features.length, 0);
    if (total > opts.limits.maxFeatures) {
      throw new DothiError('DOTHI_IMPORT_TOO_MANY_FEATURES', { file: input.name, limit: opts.limits.maxFeatures });
    }
    const layers = dataset.layers.filter((l) => l.features.length > 0);
    if (layers.length === 0) throw new DothiError('DOTHI_IMPORT_EMPTY', { file: input.name });

    const prepared = layers.map((src, i) => {
      const kindId = src.kind ?? opts.kind;
      if (!kindId) throw new DothiError('DOTHI_USAGE', { detail: `--kind is required for ${input.name} (one of ${LAYER_KINDS.map((k) => k.id).join(', ')})` });
      const kind = findLayerKind(kindId);
      if (!kind) throw new DothiError('DOTHI_LAYER_KIND_UNKNOWN', { kind: kindId, known: LAYER_KINDS.map((k) => k.id).join(', ') });
      const crs = resolveCrs(opts.crs, src.crs);
      const checked = checkFeatures(src.features, kind, crs, opts.onInvalid === 'repair', (f) =>
        relay('check', 0.3 + (0.2 * (i + f)) / layers.length),
      );
      return { src, kind, crs, checked, layer: layerIdFor(opts, src, layers.length, baseName(input.name)) };
    });

    const written = await db.transaction(async (tx) => {
      const out: LayerReport[] = [];
      for (const [i, p] of prepared.entries()) {
        const w = await writeVersion(
          tx,
          {
            workspace: opts.workspace, layer: p.layer, kind: p.kind.id,
            title: opts.name && prepared.length === 1 ? opts.name : layers.length > 1 ? `${opts.name ?? baseName(input.name)} — ${p.kind.en}` : baseName(input.name),
            sourceFile: input.name, sha256: parts[0]?.sha256 ?? '', format: dataset.format, sourceLayer: p.src.name,
            crs: p.crs.crs.id, crsReason: p.crs.reason, licence: opts.licence ?? null, importer: opts.importer,
            importedAt: opts.clock(), onInvalid: opts.onInvalid, personal: personalAttributes(p.kind), visibility: opts.visibility,
            reportExtra: { parts, encoding: dataset.encoding ?? null, notes: dataset.notes },
          },
          p.checked.rows,
          p.checked.problems,
          p.src.features.length,
          (f) => relay('write', 0.5 + (0.5 * (i + f)) / prepared.length, p.layer),
        );
        out.push({
          layer: p.layer, kind: p.kind.id, version: w.version, source_layer: p.src.name, source_crs: p.crs.crs.id,
          source_crs_reason: p.crs.reason, total: p.src.features.length, imported: w.imported, rejected: w.rejected,
          repaired: w.repaired, features: w.problems,
        });
      }
      return out;
    });
    relay('done', 1);
    // The job id inside the report, so the job row's result and what importFile returns are the same document.
    return {
      job_id: jobId, file: input.name, sha256: parts[0]?.sha256 ?? '', format: dataset.format, encoding: dataset.encoding ?? null,
      notes: dataset.notes, on_invalid: opts.onInvalid,
      imported: written.reduce((n, l) => n + l.imported, 0), rejected: written.reduce((n, l) => n + l.rejected, 0), layers: written,
    };
  }, opts.onJobStarted);
  return result;
}
