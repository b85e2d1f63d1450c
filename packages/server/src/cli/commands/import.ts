// dothi import FILE [PART...] --workspace W --kind K

import { DothiError } from '@dothi/engine';
import os from 'node:os';
import { importFile, limitsFromEnv } from '../../imports/import-file.ts';
import type { ImportReport } from '../../imports/import-file.ts';
import { isVisibility, VISIBILITIES } from '../../auth/access.ts';
import { ON_INVALID } from '../../imports/write-version.ts';
import type { OnInvalid } from '../../imports/write-version.ts';
import type { Ctx } from '../main.ts';
import { makeProgress, printJson, say } from '../output.ts';
import type { ProgressMode } from '../output.ts';
import { t } from '../messages.ts';
import { withStoreWrite } from './store.ts';
import { remoteFrom } from '../remote.ts';
import { remoteImport } from './remote-data.ts';

export function requireWorkspace(flags: Ctx['flags']): string {
  if (!flags.workspace) throw new DothiError('DOTHI_USAGE', { detail: '--workspace W is required' });
  return flags.workspace;
}

export async function importCommand({ out, flags, args }: Ctx): Promise<void> {
  const workspace = requireWorkspace(flags);
  if (args.length === 0) throw new DothiError('DOTHI_USAGE', { detail: 'dothi import FILE --workspace W --kind K' });
  const onInvalid = (flags['on-invalid'] ?? 'reject') as OnInvalid;
  if (!ON_INVALID.includes(onInvalid)) throw new DothiError('DOTHI_USAGE', { detail: `--on-invalid must be one of ${ON_INVALID.join(', ')}` });
  const mode = (flags.progress ?? (process.stderr.isTTY && !out.json ? 'bar' : 'none')) as ProgressMode;
  if (!['bar', 'json', 'none'].includes(mode)) throw new DothiError('DOTHI_USAGE', { detail: '--progress must be bar, json or none' });
  const visibility = flags.visibility;
  if (visibility !== undefined && !isVisibility(visibility)) throw new DothiError('DOTHI_USAGE', { detail: `--visibility must be one of ${VISIBILITIES.join(', ')}` });
  const progress = makeProgress(out, mode);
  const write = (r: ImportReport) => ({ workspace, command: 'import', target: r.layers.map((l) => `${l.layer}@${l.version}`).join(',') });
  const onProgress = (phase: string, fraction: number): void => progress.update(phase, fraction);
  const local = (): Promise<ImportReport> =>
    withStoreWrite(flags, write, (db) =>
      importFile(db, {
        workspace, paths: args, kind: flags.kind, name: flags.name, crs: flags.crs, onInvalid,
        licence: flags.licence ?? flags.license, encoding: flags.encoding, visibility,
        importer: `${os.userInfo().username}@cli`, limits: limitsFromEnv(), clock: () => new Date(), onProgress,
      }),
    );
  const remote = remoteFrom(flags, process.env, out.lang);
  const report = await (remote
    ? remoteImport(remote, workspace, args, { kind: flags.kind, name: flags.name, crs: flags.crs, onInvalid, licence: flags.licence ?? flags.license, encoding: flags.encoding, visibility }, onProgress)
    : local()
  ).finally(() => progress.stop());
  if (out.json) {
    printJson(out, report);
    return;
  }
  say(out, 'imported', { file: report.file, format: report.format, ws: workspace, imported: report.imported, rejected: report.rejected });
  for (const l of report.layers) {
    out.stdout(
      t(out.lang, 'layer_line', {
        layer: l.layer, version: l.version, kind: l.kind, imported: l.imported, total: l.total, repaired: l.repaired,
        rejected: l.rejected, crs: l.source_crs, why: l.source_crs_reason,
      }) + '\n',
    );
    const shown = l.features.slice(0, 10);
    for (const f of shown) out.stdout(`    ${f.valid ? '~' : '✗'} ${f.id}: ${f.reason ?? ''}\n`);
    if (l.features.length > shown.length) out.stdout(`    ${t(out.lang, 'and_more', { n: l.features.length - shown.length })}\n`);
  }
}
