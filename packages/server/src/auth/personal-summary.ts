// The published face of a layer: record counts (and sums of numeric attributes) per group, grouped by
// an attribute or by the zones of another layer (each record in the zone holding its point on
// surface). When the layer holds personal data (its kind marks attributes personal) and the caller may
// not see it, groups under the workspace's minimum group size are withheld, with the groups that
// would give them away (engine: suppressSmallCounts).

import { DothiError, findLayerKind, suppressSmallCounts } from '@dothi/engine';
import type { GroupTotals, PublishedTable } from '@dothi/engine';
import type { Queryable } from '../store/db.ts';
import { getWorkspace } from '../store/workspaces.ts';
import { seesPersonal } from './access.ts';
import type { WorkspaceRole } from './access.ts';
import { openLayer, refuseHidden } from './layer-access.ts';

export interface SummaryRequest {
  /** Group by this attribute of the layer… */
  by?: string | undefined;
  /** …or by the zones of this polygon layer, keyed by its attribute zoneKey. */
  zones?: string | undefined;
  zoneKey?: string | undefined;
  /** Numeric attributes to sum per group. */
  sum?: readonly string[] | undefined;
  version?: number | undefined;
}

export interface LayerSummary extends PublishedTable<string | null> {
  workspace: string;
  layer: string;
  version: number;
  grouping: { by: string } | { zones: string; zone_version: number; zone_key: string };
  sums: string[];
  suppression: { applied: boolean; min_group_size: number };
}

/** Numeric attributes of the kind that are not personal: the only ones a summary may add up. */
function summable(kindId: string): Set<string> {
  const kind = findLayerKind(kindId);
  return new Set((kind?.attributes ?? []).filter((a) => !a.personal && (a.type === 'number' || a.type === 'integer')).map((a) => a.name));
}

interface Row {
  key: string | null;
  n: number;
  sums: Record<string, number | null> | null;
}

// Each record with its group key ($1 workspace, $2 layer, $3 version; $5.. the grouping).
const PLACED_BY_ATTRIBUTE = `placed as (
  select f.props, nullif(f.props ->> $5, '') key from feature f where f.workspace_id = $1 and f.layer_id = $2 and f.version = $3)`;
// A record belongs to the first zone (by fid) holding its point on surface; outside every zone, to null.
const PLACED_IN_ZONES = `placed as (
  select f.props, (select z.props ->> $7 from feature z
                    where z.workspace_id = $1 and z.layer_id = $5 and z.version = $6 and ST_Intersects(z.geom, ST_PointOnSurface(f.geom))
                    order by z.fid limit 1) key
    from feature f where f.workspace_id = $1 and f.layer_id = $2 and f.version = $3)`;
// Counts and sums per group; the attribute names to sum are data ($4::text[]), never SQL.
const GROUPED = `counts as (select key, count(*)::int n from placed group by key),
  totals as (select p.key, s.name, sum(case when jsonb_typeof(p.props -> s.name) = 'number' then (p.props ->> s.name)::float8 end) total
               from placed p cross join unnest($4::text[]) s(name) group by p.key, s.name)
  select c.key, c.n, (select jsonb_object_agg(t.name, t.total) from totals t where t.key is not distinct from c.key) sums from counts c`;

export async function summariseLayer(db: Queryable, workspace: string, layerId: string, role: WorkspaceRole, req: SummaryRequest): Promise<LayerSummary> {
  // The layer first: a caller who may not see it learns nothing, not even that the request was malformed.
  const { v, hidden } = await openLayer(db, workspace, layerId, role, req.version);
  if ((req.by === undefined) === (req.zones === undefined)) {
    throw new DothiError('DOTHI_USAGE', { detail: 'a summary groups by one attribute (by=ATTRIBUTE) or by the zones of a polygon layer (zones=LAYER)' });
  }
  const sums = [...new Set(req.sum ?? [])];
  const allowed = summable(v.kind);
  for (const s of sums) {
    refuseHidden([s], hidden, layerId);
    if (!allowed.has(s)) throw new DothiError('DOTHI_USAGE', { detail: `"${s}" is not a numeric attribute of ${v.kind} layers that a summary can add up (${[...allowed].join(', ') || 'none'})` });
  }
  // Grouping by a personal attribute would list its values; the guard treats it like a filter on one.
  if (req.by !== undefined) refuseHidden([req.by], hidden, layerId);

  let rows: Row[];
  let grouping: LayerSummary['grouping'];
  if (req.by !== undefined) {
    grouping = { by: req.by };
    rows = (await db.query<Row>(`with ${PLACED_BY_ATTRIBUTE}, ${GROUPED}`, [workspace, layerId, v.version, sums, req.by])).rows;
  } else {
    const zoneKey = req.zoneKey ?? 'code';
    const zones = await openLayer(db, workspace, req.zones as string, role);
    refuseHidden([zoneKey], zones.hidden, zones.v.layer_id);
    grouping = { zones: zones.v.layer_id, zone_version: zones.v.version, zone_key: zoneKey };
    rows = (await db.query<Row>(`with ${PLACED_IN_ZONES}, ${GROUPED}`, [workspace, layerId, v.version, sums, zones.v.layer_id, zones.v.version, zoneKey])).rows;
  }
  const groups: Array<GroupTotals<string | null>> = rows
    .map((r) => ({ key: r.key, count: r.n, sums: Object.fromEntries(sums.map((s) => [s, r.sums?.[s] ?? 0])) }))
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, 'vi', { numeric: true })));
  const applied = v.personal_attributes.length > 0 && !seesPersonal(role);
  const { min_group_size } = await getWorkspace(db, workspace);
  const table = suppressSmallCounts(groups, applied ? min_group_size : 1);
  return { workspace, layer: layerId, version: v.version, grouping, sums, suppression: { applied, min_group_size }, ...table };
}
