// The map: one MapLibre instance for the page's life, whose sources and layers follow the React
// state (workspace layers, which are visible, their loaded features, the selection).
// data-map-state on the container says "idle" once the map has drawn everything it was given,
// and data-idle-count counts those moments, so tests and scripts can wait for a settled map.

import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Map as MlMap, NavigationControl, ScaleControl } from 'maplibre-gl';
import type { GeoJSONSource, IControl, MapMouseEvent } from 'maplibre-gl';
import type { Bbox, GeoFeature, LayerItem } from '../api.ts';
import type { MapPosition } from '../view-hash.ts';
import { BASE_STYLE, SELECTION_LAYERS, SELECTION_SOURCE, sourceId, styleDataLayers } from './style.ts';

export interface Selection {
  layer_id: string;
  index: number;
  feature: GeoFeature;
}

export interface CameraRequest {
  /** A new key asks again, even for the same place. */
  key: number;
  bbox?: Bbox;
  position?: MapPosition;
}

export interface MapViewProps {
  layers: readonly LayerItem[];
  visible: ReadonlySet<string>;
  data: ReadonlyMap<string, GeoFeature[]>;
  loading: boolean;
  camera: CameraRequest | null;
  selection: Selection | null;
  fitLabel: string;
  mapLabel: string;
  onMove(p: MapPosition): void;
  onSelect(s: Selection | null): void;
  onFit(): void;
}

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** A button in MapLibre's own control style that fits the view to the workspace's data. */
class FitControl implements IControl {
  private box: HTMLDivElement | null = null;
  constructor(private readonly label: () => string, private readonly onFit: () => void) {}
  onAdd(): HTMLElement {
    const box = document.createElement('div');
    box.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'dothi-fit-button';
    b.innerHTML = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>';
    b.addEventListener('click', () => this.onFit());
    b.addEventListener('mouseenter', () => (b.title = this.label()));
    b.setAttribute('aria-label', this.label());
    box.append(b);
    this.box = box;
    return box;
  }
  relabel(): void {
    this.box?.querySelector('button')?.setAttribute('aria-label', this.label());
  }
  onRemove(): void {
    this.box?.remove();
  }
}

export function MapView(props: MapViewProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const ready = useRef(false);
  const props$ = useRef(props);
  props$.current = props;
  const drawn = useRef<{ byDataLayer: Map<string, string[]>; data: Map<string, GeoFeature[]> }>({ byDataLayer: new Map(), data: new Map() });
  const fitControl = useRef<FitControl | null>(null);
  const idleCount = useRef(0);

  const markBusy = (): void => {
    const el = container.current;
    if (el) el.dataset.mapState = 'busy';
    mapRef.current?.triggerRepaint();
  };

  // Create the map once.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = new MlMap({ container: el, style: BASE_STYLE, center: [106.7, 10.78], zoom: 11, attributionControl: false, maxPitch: 0 });
    mapRef.current = map;
    map.dragRotate.disable();
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    fitControl.current = new FitControl(() => props$.current.fitLabel, () => props$.current.onFit());
    map.addControl(fitControl.current, 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    map.on('load', () => {
      map.addSource(SELECTION_SOURCE, { type: 'geojson', data: EMPTY });
      for (const spec of SELECTION_LAYERS) map.addLayer(spec);
      ready.current = true;
      el.dispatchEvent(new Event('dothi:map-ready'));
    });
    map.on('idle', () => {
      if (props$.current.loading) return;
      idleCount.current += 1;
      el.dataset.mapState = 'idle';
      el.dataset.idleCount = String(idleCount.current);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      props$.current.onMove({ zoom: map.getZoom(), lat: c.lat, lon: c.lng });
    });
    map.on('click', (e: MapMouseEvent) => {
      const ids = [...drawn.current.byDataLayer.entries()]
        .filter(([layer]) => props$.current.visible.has(layer))
        .flatMap(([, mlIds]) => mlIds);
      // What is under the pointer wins; only a click on nothing looks a few pixels around, for thin lines and points.
      const pad = 4;
      const exact = ids.length ? map.queryRenderedFeatures(e.point, { layers: ids }) : [];
      const near = exact.length || !ids.length
        ? exact
        : map.queryRenderedFeatures([[e.point.x - pad, e.point.y - pad], [e.point.x + pad, e.point.y + pad]], { layers: ids });
      const hit = near[0];
      const layer = hit?.layer.id.split(':')[0];
      const index = typeof hit?.id === 'number' ? hit.id : -1;
      const feature = layer ? drawn.current.data.get(layer)?.[index] : undefined;
      props$.current.onSelect(layer && feature ? { layer_id: layer, index, feature } : null);
    });
    map.on('mousemove', (e: MapMouseEvent) => {
      const ids = [...drawn.current.byDataLayer.values()].flat().filter((id) => map.getLayer(id));
      const over = ids.length > 0 && map.queryRenderedFeatures(e.point, { layers: ids }).length > 0;
      map.getCanvas().style.cursor = over ? 'pointer' : '';
    });
    return () => {
      ready.current = false;
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Whenever the map becomes ready or the workspace's layers change, rebuild the data layers.
  const layerKey = props.layers.map((l) => `${l.layer_id}@${l.current_version}:${l.kind}`).join('|');
  useEffect(() => {
    const apply = (): void => {
      const map = mapRef.current;
      if (!map || !ready.current) return;
      for (const ids of drawn.current.byDataLayer.values()) for (const id of ids) if (map.getLayer(id)) map.removeLayer(id);
      for (const layer of drawn.current.byDataLayer.keys()) if (map.getSource(sourceId(layer))) map.removeSource(sourceId(layer));
      const styled = styleDataLayers(props$.current.layers);
      for (const l of props$.current.layers) {
        // generateId numbers features by their position in the data, which is how a click finds the original.
        map.addSource(sourceId(l.layer_id), { type: 'geojson', data: EMPTY, generateId: true });
      }
      for (const spec of styled.specs) map.addLayer(spec, SELECTION_LAYERS[0]?.id);
      drawn.current = { byDataLayer: styled.byDataLayer, data: new Map() };
      syncData();
      syncVisibility();
      markBusy();
    };
    apply();
    const el = container.current;
    el?.addEventListener('dothi:map-ready', apply);
    return () => el?.removeEventListener('dothi:map-ready', apply);
    // Keyed on the layers' identity only: syncData and syncVisibility read the latest props through props$.
  }, [layerKey]);

  function syncData(): void {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    for (const [layer, features] of props$.current.data) {
      if (drawn.current.data.get(layer) === features || !drawn.current.byDataLayer.has(layer)) continue;
      const src = map.getSource<GeoJSONSource>(sourceId(layer));
      if (!src) continue;
      src.setData({ type: 'FeatureCollection', features });
      drawn.current.data.set(layer, features);
    }
  }

  function syncVisibility(): void {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    for (const [layer, ids] of drawn.current.byDataLayer) {
      const v = props$.current.visible.has(layer) ? 'visible' : 'none';
      for (const id of ids) if (map.getLayoutProperty(id, 'visibility') !== v) map.setLayoutProperty(id, 'visibility', v);
    }
  }

  useEffect(() => {
    syncData();
    markBusy();
  }, [props.data]);

  useEffect(() => {
    syncVisibility();
    markBusy();
  }, [props.visible]);

  useEffect(() => {
    if (!props.loading) markBusy();
  }, [props.loading]);

  useEffect(() => {
    fitControl.current?.relabel();
  }, [props.fitLabel]);

  useEffect(() => {
    const map = mapRef.current;
    const req = props.camera;
    if (!map || !req) return;
    if (req.position) map.jumpTo({ center: [req.position.lon, req.position.lat], zoom: req.position.zoom });
    else if (req.bbox) {
      const [w, s, e, n] = req.bbox;
      map.fitBounds([[w, s], [e, n]], { padding: { top: 48, bottom: 48, left: 48, right: 48 }, maxZoom: 18, duration: 0 });
    }
    markBusy();
  }, [props.camera]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    const src = map.getSource<GeoJSONSource>(SELECTION_SOURCE);
    const f = props.selection?.feature;
    src?.setData(f ? { type: 'FeatureCollection', features: [f] } : EMPTY);
    markBusy();
  }, [props.selection]);

  return <div ref={container} className="map" data-map-state="busy" role="region" aria-label={props.mapLabel} />;
}
