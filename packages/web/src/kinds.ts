// Layer kinds as the engine's catalog defines them: labels in both languages, the geometry each
// is drawn with, and attribute labels and units for the inspector, the table and the styling.

import { findLayerKind, LAYER_KINDS } from '@dothi/engine/layers/kinds';
import type { AttrDef, GeomFamily, LayerKind } from '@dothi/engine/layers/kinds';
import type { Lang } from './messages.ts';

export function kindLabel(kind: string, lang: Lang): string {
  const k = findLayerKind(kind);
  return k ? k[lang] : kind;
}

/** The family a kind is mostly drawn as; kinds that allow any geometry count as areas. */
export function kindGeometry(kind: string): GeomFamily {
  return findLayerKind(kind)?.geometry[0] ?? 'polygon';
}

export function kindAttributes(kind: string): readonly AttrDef[] {
  return findLayerKind(kind)?.attributes ?? [];
}

export function allKinds(): readonly LayerKind[] {
  return LAYER_KINDS;
}

export function isNumeric(a: AttrDef): boolean {
  return a.type === 'number' || a.type === 'integer';
}

/**
 * Attributes a layer can be coloured by: the kind's own scalar ones, which are what its vector
 * tiles carry. Personal data is left out (a map coloured by owner would publish it), and so are
 * dates, which read better as classes of years than as hundreds of days.
 */
export function styleableAttributes(kind: string): readonly AttrDef[] {
  return kindAttributes(kind).filter((a) => !a.personal && a.type !== 'date');
}
