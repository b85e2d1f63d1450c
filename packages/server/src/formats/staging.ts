// Puts an input's files side by side in a private temporary directory under their own names:
// gdal3.js finds a dataset's side files by name next to the main file, while uploaded parts can sit
// anywhere under any name. Zips are unpacked here (flattened; names are never trusted as paths).

import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DothiError } from '@dothi/engine';
import type { InputPart, SourceInput } from './types.ts';
import { extensionOf, isZip } from './detect.ts';

export interface Staged {
  dir: string;
  /** The staged files, as parts with paths inside `dir`. */
  parts: InputPart[];
  cleanup(): Promise<void>;
}

/** Names are flattened to their last component and must be plain file names. */
function safeName(entry: string, zip: string): string {
  const base = entry.split(/[\\/]/).pop() ?? '';
  if (base === '' || base === '.' || base === '..' || base.includes('\0')) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: zip, format: 'zip', detail: `entry "${entry}" has no usable file name` });
  }
  return base;
}

/**
 * Stages an input. `keep(ext)` says which extensions to unpack from a zip, so a zip of a Shapefile
 * with a 500 MB PDF beside it does not inflate the PDF.
 */
export async function stageInput(input: SourceInput, keep: (ext: string) => boolean): Promise<Staged> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dothi-import-'));
  const cleanup = (): Promise<void> => fs.rm(dir, { recursive: true, force: true });
  try {
    const parts: InputPart[] = [];
    const taken = new Set<string>();
    const add = (name: string): string => {
      if (taken.has(name.toLowerCase())) {
        throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: input.name, format: 'zip', detail: `two files are named ${name}` });
      }
      taken.add(name.toLowerCase());
      const p = path.join(dir, name);
      parts.push({ name, path: p });
      return p;
    };
    for (const part of input.parts) {
      const fh = await fs.open(part.path, 'r');
      const headBuf = Buffer.alloc(4);
      await fh.read(headBuf, 0, 4, 0);
      await fh.close();
      if (extensionOf(part.name) !== 'kmz' && isZip(new Uint8Array(headBuf)) && input.parts.length === 1) {
        let files: Record<string, Uint8Array>;
        try {
          files = unzipSync(new Uint8Array(await fs.readFile(part.path)), {
            filter: (f) => !f.name.endsWith('/') && !f.name.startsWith('__MACOSX/') && keep(extensionOf(f.name)),
          });
        } catch (e) {
          throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file: part.name, format: 'zip', detail: `not a readable zip archive: ${(e as Error).message}` });
        }
        for (const [entry, data] of Object.entries(files)) {
          const name = safeName(entry, part.name);
          if (name.startsWith('.')) continue;
          await fs.writeFile(add(name), data);
        }
      } else {
        // FICLONE makes a copy-on-write clone where the file system can, a plain copy elsewhere.
        await fs.copyFile(part.path, add(part.name), constants.COPYFILE_FICLONE);
      }
    }
    return { dir, parts, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
