// dothi backup --out FILE | dothi restore FILE: the whole store, for either backend.

import { DothiError } from '@dothi/engine';
import { backupStore, restoreStore } from '../../store/backup.ts';
import type { BackupReport } from '../../store/backup.ts';
import { resolveStoreOptions } from '../../store/open.ts';
import type { Ctx } from '../main.ts';
import { printJson, say } from '../output.ts';

function summary(r: BackupReport): { tables: number; rows: number; mb: string } {
  const tables = Object.values(r.tables);
  return { tables: tables.length, rows: tables.reduce((s, t) => s + t.rows, 0), mb: (r.bytes / 1e6).toFixed(1) };
}

export async function backupCommand({ out, flags }: Ctx): Promise<void> {
  if (!flags.out) throw new DothiError('DOTHI_USAGE', { detail: 'dothi backup --out FILE' });
  const r = await backupStore(resolveStoreOptions(flags), flags.out);
  if (out.json) printJson(out, r);
  else say(out, 'backup_written', { file: r.file, version: r.schema_version, ...summary(r) });
}

export async function restoreCommand({ out, flags, args }: Ctx): Promise<void> {
  const file = args[0] ?? flags.from;
  if (!file) throw new DothiError('DOTHI_USAGE', { detail: 'dothi restore FILE' });
  const r = await restoreStore(resolveStoreOptions(flags), file);
  if (out.json) printJson(out, r);
  else say(out, 'backup_restored', { file: r.file, version: r.schema_version, ...summary(r) });
}
