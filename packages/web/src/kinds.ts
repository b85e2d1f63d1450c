// Layer kinds as the engine's catalog defines them: labels in both languages, the geometry each
// is drawn with, and attribute labels and units for the feature inspector.

import { findLayerKind } from '@dothi/engine/layers/kinds';
import type { AttrDef, GeomFamily } from '@dothi/engine/layers/kinds';
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
