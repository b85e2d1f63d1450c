// Which columns the attribute table shows: the kind's attributes in the catalog's order, then other
// plain values the page's records carry (nested records stay in the inspector).

import type { AttrDef } from '@dothi/engine/layers/kinds';
import type { GeoFeature } from '../api/features.ts';
import { canFilterOn } from '../api/features.ts';
import { kindAttributes } from '../kinds.ts';

export interface Column {
  name: string;
  attr: AttrDef | null;
  numeric: boolean;
}

/** More raw columns than this make the table scroll sideways for little gain. */
const MAX_EXTRA = 8;

export function tableColumns(kind: string, features: readonly GeoFeature[]): Column[] {
  const known = kindAttributes(kind).filter((a) => canFilterOn(a.name));
  const names = new Set(known.map((a) => a.name));
  const extra = new Map<string, boolean>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (names.has(k) || !canFilterOn(k) || v === null || typeof v === 'object') continue;
      extra.set(k, (extra.get(k) ?? true) && typeof v === 'number');
    }
  }
  return [
    ...known.map((a) => ({ name: a.name, attr: a, numeric: a.type === 'number' || a.type === 'integer' })),
    ...[...extra].sort((a, b) => a[0].localeCompare(b[0])).slice(0, MAX_EXTRA).map(([name, numeric]) => ({ name, attr: null, numeric })),
  ];
}
