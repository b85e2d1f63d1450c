// The selected feature: which one (layer and key, as the URL keeps it) and what the page knows of
// it. A map click gives the tile's attributes at once and the full record after a bbox lookup; a
// table row gives the full record itself; a link gives only the key, so the map first finds the
// feature in its tiles (see MapView's locate) and the record is looked up from there.

import { useCallback, useRef, useState } from 'react';
import { findFeature, featureKey } from '../api/features.ts';
import type { GeoFeature } from '../api/features.ts';
import { ApiError, isAbort } from '../api/http.ts';
import type { Bbox } from '../api/layers.ts';
import type { MapFeature } from '../map/MapView.tsx';
import type { SelectionRef } from '../view-hash.ts';

export interface Selected {
  ref: SelectionRef;
  /** The full record from the API. */
  record: GeoFeature | null;
  /** What the tile carried, shown while the record is read. */
  preview: Record<string, unknown> | null;
  status: 'ready' | 'loading' | 'locating' | 'missing' | 'failed';
  error: ApiError | null;
}

export interface SelectionApi {
  selected: Selected | null;
  pick(f: MapFeature | null): void;
  selectRecord(layer: string, f: GeoFeature): void;
  restore(ref: SelectionRef | null): void;
  located(ref: SelectionRef, f: MapFeature | null): void;
  clear(): void;
}

const same = (a: SelectionRef | undefined, b: SelectionRef): boolean => a?.layer_id === b.layer_id && a.key === b.key;

export function useSelection(ws: string | null): SelectionApi {
  const [selected, setSelected] = useState<Selected | null>(null);
  const current = useRef<Selected | null>(null);
  const ctl = useRef<AbortController | null>(null);

  const set = useCallback((s: Selected | null) => {
    current.current = s;
    setSelected(s);
  }, []);

  const lookUp = useCallback((ref: SelectionRef, bbox: Bbox, preview: Record<string, unknown> | null) => {
    if (!ws) return;
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    set({ ref, record: null, preview, status: 'loading', error: null });
    findFeature(ws, ref.layer_id, ref.key, bbox, c.signal).then((record) => {
      if (c.signal.aborted) return;
      // Not found by bbox means the tile and the store disagree; the tile's attributes are still true.
      set({ ref, record, preview, status: 'ready', error: null });
    }, (e: unknown) => {
      if (isAbort(e) || c.signal.aborted) return;
      set({ ref, record: null, preview, status: 'failed', error: e instanceof ApiError ? e : ApiError.network(String(e)) });
    });
  }, [ws, set]);

  const clear = useCallback(() => {
    ctl.current?.abort();
    set(null);
  }, [set]);

  const pick = useCallback((f: MapFeature | null) => {
    if (!f) clear();
    else lookUp({ layer_id: f.layer_id, key: f.key }, f.bbox, f.properties);
  }, [clear, lookUp]);

  const selectRecord = useCallback((layer: string, f: GeoFeature) => {
    ctl.current?.abort();
    set({ ref: { layer_id: layer, key: featureKey(f) }, record: f, preview: null, status: 'ready', error: null });
  }, [set]);

  const restore = useCallback((ref: SelectionRef | null) => {
    if (!ref) clear();
    else if (!same(current.current?.ref, ref)) {
      ctl.current?.abort();
      set({ ref, record: null, preview: null, status: 'locating', error: null });
    }
  }, [clear, set]);

  const located = useCallback((ref: SelectionRef, f: MapFeature | null) => {
    const cur = current.current;
    if (!cur || !same(cur.ref, ref) || cur.status !== 'locating') return;
    if (f) lookUp(ref, f.bbox, f.properties);
    else set({ ...cur, status: 'missing' });
  }, [lookUp, set]);

  return { selected, pick, selectRecord, restore, located, clear };
}
