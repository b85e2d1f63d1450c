// Exports one layer version from the store, with the version's provenance, in the format asked.

import { withoutHidden } from '../auth/layer-access.ts';
import type { CrsDef } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getVersion, readFeatures } from '../store/layers.ts';
import { exportLayer } from '../formats/export/index.ts';
import type { ExportFormat, ExportResult } from '../formats/export/index.ts';

export async function exportVersion(
  db: Queryable,
  workspace: string,
  layer: string,
  version: number | undefined,
  format: ExportFormat,
  crs?: CrsDef,
  hidden: readonly string[] = [],
): Promise<ExportResult & { version: number }> {
  const v = await getVersion(db, workspace, layer, version);
  const features = (await readFeatures(db, v)).map((f) => withoutHidden(f, hidden));
  const meta = {
    layer: v.layer_id, title: v.title, kind: v.kind, version: v.version, source_file: v.source_file,
    source_sha256: v.source_sha256, source_crs: v.source_crs, licence: v.licence, importer: v.importer,
    imported_at: v.imported_at, feature_count: v.feature_count,
  };
  const r = await exportLayer(features, meta, format, crs ? { crs } : {});
  return { ...r, version: v.version };
}
