// dothi layers --workspace W; dothi layer show LAYER --workspace W [--version N]

import { DothiError } from '@dothi/engine';
import { getVersion, listLayers, listVersions } from '../../store/layers.ts';
import type { Ctx } from '../main.ts';
import { printJson, printTable, say } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { withStore } from './store.ts';
import { remoteFrom } from '../remote.ts';
import { remoteLayers, remoteLayerShow } from './remote-data.ts';

export function parseVersion(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new DothiError('DOTHI_USAGE', { detail: `--version must be a positive whole number, not "${v}"` });
  return n;
}

export async function layersCommand({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const remote = remoteFrom(flags, process.env, out.lang);
  const rows = remote ? await remoteLayers(remote, ws) : await withStore(flags, (db) => listLayers(db, ws));
  if (out.json) printJson(out, rows);
  else if (rows.length === 0) say(out, 'no_layers', { ws });
  else printTable(out, rows, ['layer_id', 'kind', 'current_version', 'version_count', 'feature_count', 'source_file', 'licence', 'imported_at']);
}

export async function layerShow({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const layer = args[0] ?? flags.layer;
  if (!layer) throw new DothiError('DOTHI_USAGE', { detail: 'dothi layer show LAYER --workspace W [--version N]' });
  const version = parseVersion(flags.version);
  const remote = remoteFrom(flags, process.env, out.lang);
  const { v, history } = remote ? await remoteLayerShow(remote, ws, layer, version) : await withStore(flags, async (db) => ({
    v: await getVersion(db, ws, layer, version),
    history: await listVersions(db, ws, layer),
  }));
  if (out.json) {
    printJson(out, { ...v, versions: history.map((h) => ({ version: h.version, imported_at: h.imported_at, feature_count: h.feature_count, source_file: h.source_file })) });
    return;
  }
  const rows = Object.entries(v)
    .filter(([k]) => k !== 'report')
    .map(([field, value]) => ({ field, value: Array.isArray(value) ? value.join(', ') : value }));
  printTable(out, rows, ['field', 'value']);
  out.stdout('\n');
  printTable(out, history, ['version', 'imported_at', 'feature_count', 'rejected_count', 'source_file', 'source_sha256']);
}
