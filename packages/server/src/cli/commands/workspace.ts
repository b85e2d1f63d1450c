// dothi workspace create|list|set

import { DothiError } from '@dothi/engine';
import { createWorkspace, listWorkspaces, updateWorkspace, WORKSPACE_KINDS } from '../../store/workspaces.ts';
import type { WorkspaceKind } from '../../store/workspaces.ts';
import type { Ctx } from '../main.ts';
import { printJson, printTable, say } from '../output.ts';
import { withStore, withStoreWrite } from './store.ts';
import { remoteFrom } from '../remote.ts';
import { remoteWorkspaces } from './remote-data.ts';

export async function workspaceCreate({ out, flags, args }: Ctx): Promise<void> {
  const slug = args[0];
  if (!slug) throw new DothiError('DOTHI_USAGE', { detail: 'dothi workspace create SLUG [--name NAME] [--kind KIND]' });
  const kind = (flags.kind ?? 'city') as WorkspaceKind;
  if (!WORKSPACE_KINDS.includes(kind)) throw new DothiError('DOTHI_USAGE', { detail: `--kind must be one of ${WORKSPACE_KINDS.join(', ')}` });
  const w = await withStoreWrite(flags, { workspace: slug, command: 'workspace create' }, (db) => createWorkspace(db, slug, flags.name, kind));
  if (out.json) printJson(out, w);
  else say(out, 'workspace_created', { ws: w.workspace_id });
}

export async function workspaceList({ out, flags }: Ctx): Promise<void> {
  const remote = remoteFrom(flags, process.env, out.lang);
  const rows = remote ? await remoteWorkspaces(remote) : await withStore(flags, (db) => listWorkspaces(db));
  if (out.json) printJson(out, rows);
  else if (rows.length === 0) say(out, 'no_workspaces');
  else printTable(out, rows, ['workspace_id', 'name', 'kind', 'layer_count', 'created_at']);
}

export async function workspaceSet({ out, flags, args }: Ctx): Promise<void> {
  const slug = args[0];
  const size = flags['min-group-size'];
  if (!slug || (size === undefined && flags.name === undefined)) {
    throw new DothiError('DOTHI_USAGE', { detail: 'dothi workspace set SLUG [--name NAME] [--min-group-size N]' });
  }
  const min = size === undefined ? undefined : Number(size);
  const w = await withStoreWrite(flags, { workspace: slug, command: 'workspace set' }, (db) => updateWorkspace(db, slug, { name: flags.name, min_group_size: min }));
  if (out.json) printJson(out, w);
  else say(out, 'workspace_updated', { ws: w.workspace_id, size: w.min_group_size });
}
