// The indicator ids a workspace may record observations and targets for: catalog entries (loaded
// once by the catalogs module), the workspace's own custom indicators, and calculator ids. Each
// comes with what monitoring needs from its definition: direction and dimension.

import { loadCatalogs } from '../indicators/catalogs.ts';
import type { Queryable } from '../store/db.ts';

export interface LocalText {
  en: string;
  vi: string;
}

export interface KnownIndicator {
  id: string;
  origin: 'catalog' | 'custom' | 'calculator';
  /** 1 higher is better, −1 lower is better, null not stated. */
  direction: 1 | -1 | null;
  dimension: LocalText | null;
  name: LocalText | null;
  unit: string | null;
}

/** The fields monitoring reads from an indicator entry, whoever wrote it. */
interface EntryLike {
  id: string;
  direction?: number | null;
  dimension?: LocalText;
  name?: LocalText;
  unit?: string | null;
  calculator?: string;
}

function info(e: EntryLike, origin: KnownIndicator['origin']): KnownIndicator {
  return {
    id: e.id,
    origin,
    direction: e.direction === 1 || e.direction === -1 ? e.direction : null,
    dimension: e.dimension ?? null,
    name: e.name ?? null,
    unit: e.unit ?? null,
  };
}

/** Catalog entries and calculators: the same for every workspace, built once. */
let shared: Map<string, KnownIndicator> | undefined;

function sharedIndicators(): Map<string, KnownIndicator> {
  if (shared) return shared;
  const m = new Map<string, KnownIndicator>();
  const { indicators } = loadCatalogs();
  for (const e of indicators as readonly EntryLike[]) {
    m.set(e.id, info(e, 'catalog'));
    // A calculator id stands for what it computes; it takes the first catalog entry that names it.
    if (e.calculator && !m.has(e.calculator)) m.set(e.calculator, { ...info(e, 'calculator'), id: e.calculator, name: null });
  }
  shared = m;
  return m;
}

export async function knownIndicators(db: Queryable, workspace: string): Promise<Map<string, KnownIndicator>> {
  const m = new Map(sharedIndicators());
  const { rows } = await db.query<{ definition: EntryLike }>(
    'select definition from indicator_custom where workspace_id = $1',
    [workspace],
  );
  for (const r of rows) m.set(r.definition.id, info(r.definition, 'custom'));
  return m;
}
