// The legends of the layers styled by an attribute, computed once per layer version, attribute and
// method, and the colour expressions the map draws them with.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { LayerItem } from '../api/layers.ts';
import { ApiError, isAbort } from '../api/http.ts';
import { isNumeric, kindAttributes } from '../kinds.ts';
import { computeLegend } from '../map/attribute-stats.ts';
import { colourExpression } from '../map/thematic.ts';
import type { Legend, LayerStyle } from '../map/thematic.ts';

export interface LegendState {
  style: LayerStyle;
  legend: Legend | null;
  error: ApiError | null;
}

const keyOf = (ws: string, l: LayerItem, s: LayerStyle): string => `${ws}/${l.layer_id}@${l.current_version}/${s.attr}/${s.method}`;

export function useLegends(ws: string | null, layers: readonly LayerItem[], styles: ReadonlyMap<string, LayerStyle>): {
  legends: ReadonlyMap<string, LegendState>;
  thematic: ReadonlyMap<string, ExpressionSpecification>;
} {
  const [done, setDone] = useState<ReadonlyMap<string, { legend: Legend | null; error: ApiError | null }>>(new Map());
  const running = useRef(new Map<string, AbortController>());

  useEffect(() => {
    if (!ws) return;
    const wanted = new Set<string>();
    for (const l of layers) {
      const style = styles.get(l.layer_id);
      const attr = style && kindAttributes(l.kind).find((a) => a.name === style.attr);
      if (!style || !attr) continue;
      const key = keyOf(ws, l, style);
      wanted.add(key);
      if (running.current.has(key) || done.has(key)) continue;
      const ctl = new AbortController();
      running.current.set(key, ctl);
      const target = { ws, layer: l.layer_id, version: l.current_version, numeric: isNumeric(attr), integer: attr.type === 'integer' };
      computeLegend(target, style, l.feature_count, ctl.signal).then(
        (legend) => setDone((d) => new Map(d).set(key, { legend, error: null })),
        (e: unknown) => {
          if (isAbort(e)) return;
          setDone((d) => new Map(d).set(key, { legend: null, error: e instanceof ApiError ? e : ApiError.network(String(e)) }));
        },
      ).finally(() => running.current.delete(key));
    }
    // A style switched off or changed: its computation is not needed any more.
    for (const [key, ctl] of running.current) {
      if (!wanted.has(key)) {
        ctl.abort();
        running.current.delete(key);
      }
    }
  }, [ws, layers, styles, done]);

  return useMemo(() => {
    const legends = new Map<string, LegendState>();
    const thematic = new Map<string, ExpressionSpecification>();
    for (const l of layers) {
      const style = styles.get(l.layer_id);
      if (!ws || !style) continue;
      const r = done.get(keyOf(ws, l, style));
      legends.set(l.layer_id, { style, legend: r?.legend ?? null, error: r?.error ?? null });
      if (r?.legend) thematic.set(l.layer_id, colourExpression(r.legend));
    }
    return { legends, thematic };
  }, [ws, layers, styles, done]);
}
