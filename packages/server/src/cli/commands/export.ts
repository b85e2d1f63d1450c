// dothi export --workspace W --layer L [--version N] --format F [--crs C] [--out PATH]

import fs from 'node:fs';
import path from 'node:path';
import { DothiError, getCrs } from '@dothi/engine';
import { EXPORT_FORMATS } from '../../formats/export/index.ts';
import type { ExportFormat } from '../../formats/export/index.ts';
import { exportVersion } from '../../exports/export-version.ts';
import type { Ctx } from '../main.ts';
import { printJson, say } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { parseVersion } from './layers.ts';
import { withStore } from './store.ts';
import { remoteFrom } from '../remote.ts';
import { remoteExport } from './remote-data.ts';

export async function exportCommand({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const layer = flags.layer ?? args[0];
  if (!layer) throw new DothiError('DOTHI_USAGE', { detail: 'dothi export --workspace W --layer L --format F [--out PATH]' });
  const format = (flags.format ?? 'geojson') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new DothiError('DOTHI_EXPORT_FORMAT_UNKNOWN', { format, known: EXPORT_FORMATS.join(', ') });
  const crs = flags.crs ? getCrs(flags.crs) : undefined;
  // --out names the main file, or a directory to write every file into.
  const target = flags.out ?? '.';
  const intoDir = !flags.out || (fs.existsSync(target) && fs.statSync(target).isDirectory());
  const version = parseVersion(flags.version);
  const remote = remoteFrom(flags, process.env, out.lang);
  if (remote) {
    const got = await remoteExport(remote, ws, layer, { format, crs: crs?.id, version }, target, intoDir);
    report(out, layer, got.version, format, crs?.id, got.files);
    return;
  }
  const r = await withStore(flags, (db) => exportVersion(db, ws, layer, version, format, crs));
  const written: string[] = [];
  r.files.forEach((f, i) => {
    const p = intoDir ? path.join(target, f.name) : i === 0 ? target : path.join(path.dirname(target), f.name);
    fs.mkdirSync(path.dirname(path.resolve(p)), { recursive: true });
    fs.writeFileSync(p, f.data);
    written.push(p);
  });
  report(out, layer, r.version, format, crs?.id, written);
}

function report(out: Ctx['out'], layer: string, version: number, format: string, crs: string | undefined, files: string[]): void {
  if (out.json) printJson(out, { layer, version, format, crs: crs ?? 'EPSG:4326', files });
  else say(out, 'exported', { layer, version, files: files.join(', ') });
}
