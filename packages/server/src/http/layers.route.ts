// Layers of a workspace with the provenance of their versions, grouped by sector for the map's
// layer list. Versions are immutable, so a version's provenance is the record of where its data came from.

import { z } from 'zod';
import { findLayerKind, LAYER_KINDS, recordsArePersonal } from '@dothi/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db, Queryable } from '../store/db.ts';
import { getVersion, listLayers, listVersions } from '../store/layers.ts';
import type { LayerVersion as StoredVersion } from '../store/layers.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { canSee, roleIn, seesPersonal } from '../auth/access.ts';
import { requireVisible, requireWorkspaceVisible } from '../auth/visibility.ts';
import { Bbox, errorResponses, KindInfo, LayerParams, LayerVersion, LayerVersionWithReport, VisibilityEnum, Workspace, WorkspaceParams } from './schemas.ts';

type BboxT = [number, number, number, number];

export function kindInfo(kind: string): z.infer<typeof KindInfo> {
  const k = findLayerKind(kind);
  // A kind the catalog no longer knows still has to show somewhere: under "other", by its id.
  return k ? { id: k.id, en: k.en, vi: k.vi, sector: k.sector } : { id: kind, en: kind, vi: kind, sector: 'other' };
}

/** Sectors in the catalog's order, so every client lists them the same way. */
const SECTOR_ORDER = [...new Set(LAYER_KINDS.map((k) => k.sector))];

function sectorRank(sector: string): number {
  const i = SECTOR_ORDER.indexOf(sector);
  return i < 0 ? SECTOR_ORDER.length : i;
}

async function currentBboxes(db: Queryable, workspace: string): Promise<Map<string, BboxT | null>> {
  const { rows } = await db.query<{ layer_id: string; bbox: number[] | null }>(
    `select l.layer_id, v.bbox from layer l join layer_version v
         on v.workspace_id = l.workspace_id and v.layer_id = l.layer_id and v.version = l.current_version
      where l.workspace_id = $1`,
    [workspace],
  );
  return new Map(rows.map((r) => [r.layer_id, r.bbox && r.bbox.length === 4 ? (r.bbox as BboxT) : null]));
}

function union(boxes: Iterable<BboxT | null>): BboxT | null {
  let out: BboxT | null = null;
  for (const b of boxes) {
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

const LayerItem = z.object({
  layer_id: z.string(),
  kind: z.string(),
  kind_info: KindInfo,
  title: z.string(),
  current_version: z.number().int(),
  version_count: z.number().int(),
  feature_count: z.number().int(),
  source_file: z.string(),
  licence: z.string().nullable(),
  imported_at: z.string(),
  bbox: Bbox.nullable(),
  visibility: VisibilityEnum,
  personal_attributes: z.array(z.string()).describe('Attributes of the current version its kind marks personal'),
  summary_only: z.boolean().describe('Each record is about a household or a person and the caller may not see personal data: only …/summary answers, not features, items, exports or tiles'),
});

const LayerList = z.object({
  workspace: Workspace,
  bbox: Bbox.nullable().describe('Extent of the current versions of all layers'),
  sectors: z.array(z.object({ sector: z.string(), layers: z.array(z.string()) })),
  layers: z.array(LayerItem),
});

const VersionParams = LayerParams.extend({ v: z.coerce.number().int().min(1).describe('Version number, from 1') });

function withoutReport(v: StoredVersion): Omit<StoredVersion, 'report'> {
  const { report: _report, ...rest } = v;
  return rest;
}

export const layersRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/workspaces/:ws/layers', {
    config: { permission: 'read' },
    schema: {
      tags: ['layers'],
      summary: 'Layers of a workspace, grouped by sector, with the provenance of their current versions',
      params: WorkspaceParams,
      response: { 200: LayerList, ...errorResponses },
    },
  }, async (req) => {
    const role = roleIn(req.principal, req.params.ws);
    await requireWorkspaceVisible(db, req.params.ws, role);
    const workspace = await getWorkspace(db, req.params.ws);
    const [all, boxes] = await Promise.all([listLayers(db, req.params.ws), currentBboxes(db, req.params.ws)]);
    const layers = all.filter((l) => canSee(role, l.visibility));
    const items = layers.map((l) => ({
      ...l, kind_info: kindInfo(l.kind), bbox: boxes.get(l.layer_id) ?? null,
      summary_only: !seesPersonal(role) && recordsArePersonal(l.kind, l.personal_attributes),
    }));
    const bySector = new Map<string, string[]>();
    for (const it of items) {
      const list = bySector.get(it.kind_info.sector) ?? [];
      list.push(it.layer_id);
      bySector.set(it.kind_info.sector, list);
    }
    const sectors = [...bySector.entries()]
      .sort((a, b) => sectorRank(a[0]) - sectorRank(b[0]) || a[0].localeCompare(b[0]))
      .map(([sector, ids]) => ({ sector, layers: ids }));
    return { workspace, bbox: union(items.map((i) => i.bbox)), sectors, layers: items };
  });

  app.get('/api/workspaces/:ws/layers/:layer', {
    config: { permission: 'read' },
    schema: {
      tags: ['layers'],
      summary: 'A layer and the provenance of its current version',
      params: LayerParams,
      response: { 200: LayerVersionWithReport.extend({ kind_info: KindInfo, version_count: z.number().int() }), ...errorResponses },
    },
  }, async (req) => {
    await requireVisible(db, 'layer', req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws));
    const v = await getVersion(db, req.params.ws, req.params.layer);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int n from layer_version where workspace_id = $1 and layer_id = $2',
      [req.params.ws, req.params.layer],
    );
    return { ...v, kind_info: kindInfo(v.kind), version_count: rows[0]?.n ?? 1 };
  });

  app.get('/api/workspaces/:ws/layers/:layer/versions', {
    config: { permission: 'read' },
    schema: {
      tags: ['layers'],
      summary: 'Every version of a layer, oldest first, with provenance (without the per-record reports)',
      params: LayerParams,
      response: { 200: z.object({ versions: z.array(LayerVersion) }), ...errorResponses },
    },
  }, async (req) => {
    await requireVisible(db, 'layer', req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws));
    return { versions: (await listVersions(db, req.params.ws, req.params.layer)).map(withoutReport) };
  });

  app.get('/api/workspaces/:ws/layers/:layer/versions/:v', {
    config: { permission: 'read' },
    schema: {
      tags: ['layers'],
      summary: 'One version of a layer with its import report',
      params: VersionParams,
      response: { 200: LayerVersionWithReport, ...errorResponses },
    },
  }, async (req) => {
    await requireVisible(db, 'layer', req.params.ws, req.params.layer, roleIn(req.principal, req.params.ws));
    return getVersion(db, req.params.ws, req.params.layer, req.params.v);
  });
};
