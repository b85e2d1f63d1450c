// dothi admin import-units|import-mapping|units|trace

import fs from 'node:fs';
import path from 'node:path';
import { DothiError } from '@dothi/engine';
import { checkDate, importMapping, importUnits, traceUnit, unitsAt } from '../../admin/admin-units.ts';
import { parseMapping, parseUnits } from '../../admin/parse-admin.ts';
import type { Ctx } from '../main.ts';
import { printJson, printTable, say } from '../output.ts';
import { requireWorkspace } from './import.ts';
import { withStore, withStoreWrite } from './store.ts';

function readArg(args: string[], usage: string): { file: string; text: string } {
  const file = args[0];
  if (!file) throw new DothiError('DOTHI_USAGE', { detail: usage });
  try {
    return { file: path.basename(file), text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    throw new DothiError('DOTHI_IMPORT_UNREADABLE', { file, format: 'text', detail: (e as Error).message });
  }
}

export async function adminImportUnits({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const from = checkDate(flags['valid-from'], '--valid-from');
  const { file, text } = readArg(args, 'dothi admin import-units FILE --workspace W --valid-from YYYY-MM-DD');
  const units = parseUnits(file, text);
  const n = await withStoreWrite(flags, { workspace: ws, command: 'admin import-units', target: file }, (db) => importUnits(db, ws, units, from, file));
  if (out.json) printJson(out, { imported: n, valid_from: from, file });
  else say(out, 'units_imported', { n, from });
}

export async function adminImportMapping({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const effective = checkDate(flags.effective, '--effective');
  const { file, text } = readArg(args, 'dothi admin import-mapping FILE --workspace W --effective YYYY-MM-DD');
  const rows = parseMapping(file, text);
  const r = await withStoreWrite(flags, { workspace: ws, command: 'admin import-mapping', target: file }, (db) => importMapping(db, ws, rows, effective, file));
  if (out.json) printJson(out, { ...r, effective, file });
  else say(out, 'mapping_imported', { n: r.mappings, date: effective, closed: r.closed, opened: r.opened });
}

export async function adminUnits({ out, flags }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const at = flags.at ? checkDate(flags.at, '--at') : new Date().toISOString().slice(0, 10);
  const rows = await withStore(flags, (db) => unitsAt(db, ws, at));
  if (out.json) printJson(out, { at, units: rows });
  else printTable(out, rows, ['code', 'name', 'level', 'parent_code', 'valid_from', 'valid_to']);
}

export async function adminTrace({ out, flags, args }: Ctx): Promise<void> {
  const ws = requireWorkspace(flags);
  const code = args[0];
  if (!code) throw new DothiError('DOTHI_USAGE', { detail: 'dothi admin trace CODE --workspace W' });
  const t = await withStore(flags, (db) => traceUnit(db, ws, code));
  if (out.json) {
    printJson(out, t);
    return;
  }
  printTable(out, t.unit, ['code', 'name', 'level', 'valid_from', 'valid_to']);
  for (const b of t.became) out.stdout(`  → ${b.code} ${b.name ?? ''} (${b.effective})\n`);
  for (const c of t.came_from) out.stdout(`  ← ${c.code} ${c.name ?? ''} (${c.effective})\n`);
}
