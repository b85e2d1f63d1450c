// One gdal3.js (GDAL compiled to WASM) instance per process, loaded on first use. gdal3.js is a
// CommonJS module with loose typings; this file gives the rest of the server a typed surface.

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
}

type InitGdal = (config?: { env?: Record<string, string>; logHandler?: (msg: string, type: string) => void; errorHandler?: (msg: string, type: string) => void }) => Promise<Gdal>;

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
    instance = init({ logHandler: keep, errorHandler: keep });
  }
  return instance;
}
