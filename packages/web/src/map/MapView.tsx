// The map: one MapLibre instance for the page's life, whose sources and layers follow the React
// state through sync.ts. Layers are drawn from the server's vector tiles.
// data-map-state on the container says "idle" once the map has drawn everything it was given,
// and data-idle-count counts those moments, so tests and scripts can wait for a settled map.

import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { ScaleControl } from 'maplibre-gl';
import type { Map as MlMap } from 'maplibre-gl';
import type { ExpressionSpecification, MapMouseEvent } from 'maplibre-gl';
import type { Bbox, LayerItem } from '../api/layers.ts';
import type { MapPosition, SelectionRef } from '../view-hash.ts';
import { FitControl } from './fit-control.ts';
import { flatMap } from './flat-map.ts';
import { emptyDrawn, locate, pickAt, syncBasemap, syncColours, syncDataLayers, syncHighlight, syncVisibility } from './sync.ts';
import type { MapFeature } from './sync.ts';

export type { MapFeature } from './sync.ts';

export interface CameraRequest {
  /** A new key asks again, even for the same place. */
  key: number;
  bbox?: Bbox;
  position?: MapPosition;
  /** Zoom no closer than this when fitting a bbox (a single building should not fill the screen). */
  maxZoom?: number;
  /** Keep the fitted bbox clear of the inspector, which sits over the map's right side. */
  besideInspector?: boolean;
}

/** The inspector's width and margins (styles.css), and the most of the map it may take. */
const INSPECTOR_ROOM = 400;

export interface MapViewProps {
  ws: string | null;
  layers: readonly LayerItem[];
  visible: ReadonlySet<string>;
  /** Colour expressions of the layers styled by an attribute. */
  thematic: ReadonlyMap<string, ExpressionSpecification>;
  loading: boolean;
  camera: CameraRequest | null;
  selection: SelectionRef | null;
  /** A selected feature whose record the page does not have yet: the map looks for it in its tiles once settled. */
  locate: SelectionRef | null;
  basemap: boolean;
  fitLabel: string;
  mapLabel: string;
  onMove(p: MapPosition): void;
  onPick(f: MapFeature | null): void;
  onLocated(ref: SelectionRef, f: MapFeature | null): void;
  onFit(): void;
}

export function MapView(props: MapViewProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const ready = useRef(false);
  const props$ = useRef(props);
  props$.current = props;
  const drawn = useRef(emptyDrawn());
  const fitControl = useRef<FitControl | null>(null);
  const idleCount = useRef(0);
  const tried = useRef<SelectionRef | null>(null);
  // Tiles are only asked for once the camera has been placed, not for the starting view it leaves at once.
  const placed = useRef(false);

  const markBusy = (): void => {
    const el = container.current;
    if (el) el.dataset.mapState = 'busy';
    mapRef.current?.triggerRepaint();
  };

  /** Everything the state asks for, in one pass; each step skips what is already so. */
  const sync = (): void => {
    const map = mapRef.current;
    if (!map || !ready.current) return;
    const p = props$.current;
    syncBasemap(map, p.basemap);
    if (!placed.current) return;
    // A layer read only as summaries has no tiles for this caller (the server refuses them).
    syncDataLayers(map, drawn.current, p.ws, p.layers.filter((l) => !l.summary_only), window.location.origin);
    syncVisibility(map, drawn.current, p.visible);
    syncColours(map, drawn.current, p.thematic);
    syncHighlight(map, drawn.current, p.selection);
    markBusy();
  };

  // Create the map once.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = flatMap(el);
    mapRef.current = map;
    fitControl.current = new FitControl(() => props$.current.fitLabel, () => props$.current.onFit());
    map.addControl(fitControl.current, 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    map.on('load', () => {
      ready.current = true;
      sync();
    });
    map.on('idle', () => {
      const p = props$.current;
      if (p.loading) return;
      // A feature named by a link or a row is looked for once the tiles around it are in.
      if (p.locate && (tried.current?.layer_id !== p.locate.layer_id || tried.current.key !== p.locate.key)) {
        const found = locate(map, p.locate, p.visible);
        if (found !== undefined) {
          tried.current = p.locate;
          p.onLocated(p.locate, found);
        }
      }
      idleCount.current += 1;
      el.dataset.mapState = 'idle';
      el.dataset.idleCount = String(idleCount.current);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      props$.current.onMove({ zoom: map.getZoom(), lat: c.lat, lon: c.lng });
    });
    map.on('click', (e: MapMouseEvent) => {
      props$.current.onPick(pickAt(map, e.point.x, e.point.y, drawn.current, props$.current.visible));
    });
    map.on('mousemove', (e: MapMouseEvent) => {
      const over = pickAt(map, e.point.x, e.point.y, drawn.current, props$.current.visible) !== null;
      map.getCanvas().style.cursor = over ? 'pointer' : '';
    });
    return () => {
      ready.current = false;
      map.remove();
      mapRef.current = null;
      drawn.current = emptyDrawn();
    };
  }, []);

  const layerKey = props.layers.map((l) => `${l.layer_id}@${l.current_version}:${l.kind}`).join('|');
  useEffect(sync, [props.ws, layerKey, props.visible, props.thematic, props.selection, props.basemap]);

  useEffect(() => {
    if (!props.loading) markBusy();
  }, [props.loading]);

  useEffect(() => {
    // A new request to locate is tried at the next idle, even if the same one failed before.
    if (props.locate) {
      tried.current = null;
      markBusy();
    }
  }, [props.locate]);

  useEffect(() => {
    fitControl.current?.relabel();
    mapRef.current?.getCanvas().setAttribute('aria-label', props.mapLabel);
  }, [props.fitLabel, props.mapLabel]);

  useEffect(() => {
    const map = mapRef.current;
    const req = props.camera;
    if (!map || !req) return;
    if (req.position) map.jumpTo({ center: [req.position.lon, req.position.lat], zoom: req.position.zoom });
    else if (req.bbox) {
      const [w, s, e, n] = req.bbox;
      const right = req.besideInspector ? Math.min(INSPECTOR_ROOM, map.getContainer().clientWidth * 0.45) : 48;
      map.fitBounds([[w, s], [e, n]], { padding: { top: 48, bottom: 48, left: 48, right }, maxZoom: req.maxZoom ?? 18, duration: 0 });
    }
    if (!placed.current) {
      placed.current = true;
      sync();
    }
    markBusy();
  }, [props.camera]);

  return <div ref={container} className="map" data-map-state="busy" role="region" aria-label={props.mapLabel} />;
}
