// Shared by the format tests: fixture paths, the source features, Debian GDAL as an oracle.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Feature, Properties } from '@dothi/engine';
import type { ReadOptions } from '../../src/formats/types.ts';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/formats');

export function fixture(...p: string[]): string {
  return path.join(FIXTURES, ...p);
}

export const OPTS: ReadOptions = { maxFeatures: 1_000_000 };

interface Fc {
  features: Array<Feature & { properties: Properties }>;
}

/** The ground-truth features a fixture was made from. */
export function source(name: 'bus_stops' | 'roads' | 'landuse' | 'pois_cp1252'): Array<Feature & { properties: Properties }> {
  return (JSON.parse(fs.readFileSync(fixture('source', `${name}.geojson`), 'utf8')) as Fc).features;
}

/** Debian's ogr2ogr reading a file (one layer) to GeoJSON, without reprojection: the oracle for coordinates. */
export function ogrRead(file: string, layer?: string, extra: string[] = []): Fc {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file, ...(layer ? [layer] : []), ...extra], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as Fc;
}

/** Debian's ogrinfo summary text (-so -al). */
export function ogrInfo(file: string, extra: string[] = []): string {
  return execFileSync('ogrinfo', ['-so', '-al', ...extra, file]).toString('utf8');
}

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary directory, removed when the test process exits. */
export function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dothi-formats-test-'));
  made.push(d);
  return d;
}

/** Copies fixture files into a fresh directory, optionally under other names. */
export function copyTo(dir: string, files: Array<string | [string, string]>): string[] {
  return files.map((f) => {
    const [from, to] = typeof f === 'string' ? [f, path.basename(f)] : f;
    const dest = path.join(dir, to);
    fs.copyFileSync(from, dest);
    return dest;
  });
}

/** Properties with nulls dropped (formats without nulls leave them out or write ''). */
export function withoutNulls(p: Properties | null, emptyIsNull = false): Properties {
  return Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v !== null && !(emptyIsNull && v === '')));
}

export async function rejectsWithCode(p: Promise<unknown>, code: string, messageIncludes: Array<string | RegExp>): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  if (!err) throw new Error(`expected ${code}, but it succeeded`);
  const e = err as { code?: string; message?: string };
  if (e.code !== code) throw new Error(`expected ${code}, got ${e.code ?? 'no code'}: ${e.message ?? String(err)}`);
  for (const m of messageIncludes) {
    const ok = typeof m === 'string' ? (e.message ?? '').includes(m) : m.test(e.message ?? '');
    if (!ok) throw new Error(`message "${e.message}" does not mention ${String(m)}`);
  }
}
