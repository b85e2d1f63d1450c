// One gdal3.js (GDAL compiled to WASM) instance per process, loaded on first use. gdal3.js is a
// CommonJS module with loose typings; this file gives the rest of the server a typed surface.

import path from 'node:path';
import { createRequire } from 'node:module';

export interface GdalDataset {
  pointer: number;
  path: string;
  type: string;
}

export interface GdalOutputPath {
  local: string;
  real: string;
  all?: GdalOutputPath[];
}

export interface Gdal {
  open(fileOrFiles: string | string[], options?: string[], vfsHandlers?: string[]): Promise<{ datasets: GdalDataset[]; errors: string[] }>;
  close(ds: GdalDataset): Promise<void>;
  ogrinfo(ds: GdalDataset, options?: string[]): Promise<unknown>;
  ogr2ogr(ds: GdalDataset, options?: string[], outputName?: string): Promise<GdalOutputPath>;
  getFileBytes(p: string | GdalOutputPath): Promise<Uint8Array>;
  getOutputFiles(): Promise<Array<{ path: string; size: number }>>;
  drivers: { vector: Record<string, unknown>; raster: Record<string, unknown> };
  /** The Emscripten module: its in-memory file system holds config files and /output results. */
  Module: { FS: GdalFs };
}

/** The part of Emscripten's FS API that readers use (paths are inside the WASM file system). */
export interface GdalFs {
  writeFile(path: string, data: string | Uint8Array): void;
  mkdir(path: string): void;
  unlink(path: string): void;
  readdir(path: string): string[];
  analyzePath(path: string): { exists: boolean };
}

type InitGdal = (config?: { path?: string; env?: Record<string, string>; logHandler?: (msg: string, type: string) => void; errorHandler?: (msg: string, type: string) => void }) => Promise<Gdal>;

let instance: Promise<Gdal> | undefined;
const messages: string[] = [];

/** GDAL's recent error and warning lines, for error reports; cleared by each call. */
export function takeGdalMessages(): string[] {
  return messages.splice(0, messages.length);
}

export function gdal(): Promise<Gdal> {
  if (!instance) {
    const require = createRequire(import.meta.url);
    const init = require('gdal3.js/node') as InitGdal;
    const keep = (msg: string, type: string): void => {
      if (type === 'stderr' || /error|warning/i.test(msg)) {
        messages.push(msg);
        if (messages.length > 50) messages.shift();
      }
    };
    // gdal3.js looks for its .wasm and .data under node_modules/ relative to the working directory
    // unless told where they are; `dothi` runs from anywhere.
    // It prefixes the path with './', so it must be relative.
    const dist = path.relative(process.cwd(), path.dirname(require.resolve('gdal3.js/dist/package/gdal3WebAssembly.wasm'))) || '.';
    instance = init({ path: dist, logHandler: keep, errorHandler: keep });
  }
  return instance;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs fn with gdal3.js to itself. gdal3.js calls are not re-entrant, keep GDAL's error state and
 * messages in globals, and a dataset reads lazily from the ONE directory mounted at /input (the
 * last opened file's): two readers interleaving would read each other's files. Hold this from
 * open() to close().
 */
export function withGdal<T>(fn: (g: Gdal) => Promise<T>): Promise<T> {
  const run = queue.then(() => gdal()).then(fn);
  queue = run.catch(() => undefined);
  return run;
}
