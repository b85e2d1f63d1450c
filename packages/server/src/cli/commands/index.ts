// The command table: "noun verb" (or "noun") → handler.

import type { Ctx } from '../main.ts';
import { adminCreate, auditCommand, memberRemove, memberSet, membersList, tokenCreate, tokenList, tokenRevoke, userCreateCommand, visibilitySet } from './accounts.ts';
import { adminImportMapping, adminImportUnits, adminTrace, adminUnits } from './admin.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { crsList, crsTransform } from './crs.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { indexBuild, indexExplain } from './index-cmd.ts';
import { indicatorsCompute } from './indicators-compute.ts';
import { indicatorsExport, indicatorsImport, indicatorsList, progressCommand, targetsList, targetsSet } from './indicators.ts';
import { layerShow, layersCommand } from './layers.ts';
import { serveCommand } from './serve.ts';
import { workspaceCreate, workspaceList, workspaceSet } from './workspace.ts';

/** What also runs through a server's API with --server (or DOTHI_SERVER) and DOTHI_TOKEN. */
export const REMOTE_COMMANDS: ReadonlySet<string> = new Set(['import', 'layers', 'layer show', 'export', 'workspace list', 'workspaces', 'indicators compute']);

export const COMMANDS: Readonly<Record<string, (ctx: Ctx) => Promise<void>>> = {
  serve: serveCommand,
  'workspace create': workspaceCreate,
  'workspace list': workspaceList,
  'workspace set': workspaceSet,
  workspaces: workspaceList,
  import: importCommand,
  layers: layersCommand,
  'layer show': layerShow,
  export: exportCommand,
  'crs transform': (ctx) => crsTransform(ctx),
  'crs list': crsList,
  'admin import-units': adminImportUnits,
  'admin import-mapping': adminImportMapping,
  'admin units': adminUnits,
  'admin trace': adminTrace,
  'index build': indexBuild,
  'index explain': indexExplain,
  'indicators list': indicatorsList,
  'indicators import': indicatorsImport,
  'indicators export': indicatorsExport,
  'indicators compute': indicatorsCompute,
  'targets set': targetsSet,
  'targets list': targetsList,
  progress: progressCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'admin create': (ctx) => adminCreate(ctx),
  'user create': (ctx) => userCreateCommand(ctx),
  'member set': memberSet,
  'member remove': memberRemove,
  members: membersList,
  'token create': tokenCreate,
  'token revoke': tokenRevoke,
  'token list': tokenList,
  'visibility set': visibilitySet,
  audit: auditCommand,
};
