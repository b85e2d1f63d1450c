// The properties a collection's items can be filtered by: the attributes its kind defines (typed, with
// English titles and Vietnamese descriptions) and every other property the version's features carry
// (OSM tags, a planner's own columns). Items reject any other query parameter with a 400, so a
// misspelt filter never silently returns the whole layer.

import { findLayerKind } from '@dothi/engine';
import type { Queryable as Db } from '../store/db.ts';
import type { LayerVersion } from '../store/layers.ts';

export interface QueryableDef {
  title: string;
  description?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean';
  format?: 'date';
  enum?: string[];
}

type Key = Pick<LayerVersion, 'workspace_id' | 'layer_id' | 'version' | 'imported_at' | 'source_sha256' | 'kind'>;

// Versions are immutable, so what their features carry is computed once. The import time and hash
// are in the key because a deleted workspace can come back with the same ids and different data.
const cache = new Map<string, Map<string, QueryableDef>>();
const CACHE_SIZE = 256;

async function dataKeys(db: Db, v: Key): Promise<Array<{ key: string; types: string[] }>> {
  const { rows } = await db.query<{ key: string; types: string[] | string }>(
    `select k.key, array_agg(distinct jsonb_typeof(k.value)) types
       from feature f cross join lateral jsonb_each(f.props) k
      where f.workspace_id = $1 and f.layer_id = $2 and f.version = $3
      group by k.key order by k.key`,
    [v.workspace_id, v.layer_id, v.version],
  );
  // node-postgres parses text[]; keep a fallback for a driver that hands back the literal {a,b}.
  return rows.map((r) => ({ key: r.key, types: Array.isArray(r.types) ? r.types : r.types.replace(/^\{|\}$/g, '').split(',') }));
}

export async function queryables(db: Db, v: Key): Promise<Map<string, QueryableDef>> {
  const cacheKey = [v.workspace_id, v.layer_id, v.version, v.imported_at, v.source_sha256].join('\u0001');
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = new Map<string, QueryableDef>();
  for (const a of findLayerKind(v.kind)?.attributes ?? []) {
    const def: QueryableDef = { title: a.en, description: a.unit ? `${a.vi} (${a.unit})` : a.vi };
    if (a.type === 'date') Object.assign(def, { type: 'string', format: 'date' });
    else def.type = a.type;
    if (a.values) def.enum = [...a.values];
    out.set(a.name, def);
  }
  for (const { key, types } of await dataKeys(db, v)) {
    if (out.has(key)) continue;
    const present = types.filter((t) => t !== 'null');
    const simple = present.filter((t) => t === 'string' || t === 'number' || t === 'boolean');
    // Objects and arrays have no single text to compare a parameter with.
    if (present.length > 0 && simple.length === 0) continue;
    const def: QueryableDef = { title: key };
    const only = simple.length === 1 && present.length === 1 ? simple[0] : undefined;
    if (only === 'string' || only === 'number' || only === 'boolean') def.type = only;
    out.set(key, def);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, out);
  return out;
}
