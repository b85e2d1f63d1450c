// The map page: workspace switcher, layers by sector with provenance and styling, the map with its
// legend and feature inspector, the attribute table below it, and the import, export and settings
// dialogs. The view (workspace, layers, position, selection, styles, table) lives in the URL hash.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { GeoFeature } from './api/features.ts';
import { geometryBbox } from './api/features.ts';
import type { ImportReport } from './api/imports.ts';
import type { LayerList } from './api/layers.ts';
import { useI18n } from './i18n.tsx';
import { AttributeTable } from './components/AttributeTable.tsx';
import { Drawer } from './components/Drawer.tsx';
import { ErrorNote } from './components/ErrorNote.tsx';
import { ExportDialog } from './components/ExportDialog.tsx';
import { FeatureInspector } from './components/FeatureInspector.tsx';
import { ImportDialog } from './components/ImportDialog.tsx';
import { LayerPanel } from './components/LayerPanel.tsx';
import { Legend } from './components/Legend.tsx';
import { MapAttribution } from './components/MapAttribution.tsx';
import { SettingsDialog } from './components/SettingsDialog.tsx';
import { TopBar } from './components/TopBar.tsx';
import { readBasemap, storeBasemap } from './map/basemap.ts';
import type { Basemap } from './map/basemap.ts';
import { MapView } from './map/MapView.tsx';
import type { CameraRequest } from './map/MapView.tsx';
import type { LayerStyle } from './map/thematic.ts';
import { useImport } from './state/use-import.ts';
import { useLegends } from './state/use-legends.ts';
import { useNarrow } from './state/use-narrow.ts';
import { useSelection } from './state/use-selection.ts';
import { useWorkspace } from './state/use-workspace.ts';
import { formatHash, parseHash } from './view-hash.ts';
import type { MapPosition, View } from './view-hash.ts';

type DialogState = { type: 'import' } | { type: 'settings' } | { type: 'export'; layer: string } | null;

export function App(): ReactNode {
  const { t } = useI18n();
  const pendingView = useRef<View | null>(parseHash(window.location.hash));
  const space = useWorkspace(pendingView.current?.ws ?? null);
  const { ws, list } = space;
  const [visible, setVisible] = useState<ReadonlySet<string>>(new Set());
  const [styles, setStyles] = useState<ReadonlyMap<string, LayerStyle>>(new Map());
  const [tableLayer, setTableLayer] = useState<string | null>(null);
  const [camera, setCamera] = useState<CameraRequest | null>(null);
  const [position, setPosition] = useState<MapPosition | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [drawer, setDrawer] = useState(false);
  const [basemap, setBasemap] = useState<Basemap>(readBasemap);
  const narrow = useNarrow();
  const sel = useSelection(ws);
  const layers = useMemo(() => list?.layers ?? [], [list]);
  const { legends, thematic } = useLegends(ws, layers, styles);
  const cameraKey = useRef(0);
  const writtenHash = useRef<string | null>(null);

  const moveCamera = useCallback((req: Omit<CameraRequest, 'key'>) => setCamera({ ...req, key: ++cameraKey.current }), []);

  /** A view from a link, a reload or an edited hash, applied to the workspace's layers. */
  const applyView = useCallback((v: View, l: LayerList) => {
    const ids = new Set(l.layers.map((x) => x.layer_id));
    setVisible(new Set(v.layers ? v.layers.filter((id) => ids.has(id)) : ids));
    setStyles(new Map([...v.styles].filter(([id]) => ids.has(id))));
    setTableLayer(v.table && ids.has(v.table) ? v.table : null);
    sel.restore(v.sel && ids.has(v.sel.layer_id) ? v.sel : null);
    if (v.map) {
      // Set now, not on the map's moveend, so the hash is not rewritten with the old place meanwhile.
      setPosition(v.map);
      moveCamera({ position: v.map });
    } else if (l.bbox) moveCamera({ bbox: l.bbox });
  }, [moveCamera, sel.restore]);

  // A workspace's layers arrived: the view the hash named for it, or everything shown.
  const shownList = useRef<LayerList | null>(null);
  useEffect(() => {
    if (!list || shownList.current?.workspace.workspace_id === list.workspace.workspace_id) {
      shownList.current = list;
      return;
    }
    shownList.current = list;
    const v = pendingView.current;
    pendingView.current = null;
    applyView(v && (v.ws === null || v.ws === list.workspace.workspace_id) ? v : { ...parseHash(''), ws: list.workspace.workspace_id }, list);
  }, [list, applyView]);

  // The view into the hash, without adding history entries for every pan.
  const selRef = sel.selected?.ref ?? null;
  useEffect(() => {
    if (!ws || !list) return;
    const all = list.layers.every((l) => visible.has(l.layer_id));
    const hash = formatHash({
      ws, layers: all ? null : list.layers.map((l) => l.layer_id).filter((id) => visible.has(id)),
      map: position, sel: selRef, styles, table: tableLayer,
    });
    if (hash !== window.location.hash) {
      writtenHash.current = hash;
      window.history.replaceState(null, '', hash || window.location.pathname);
    }
  }, [ws, list, visible, position, selRef, styles, tableLayer]);

  // A hash edited by hand, or a pasted link, moves the page to that view.
  useEffect(() => {
    const onHash = (): void => {
      if (window.location.hash === writtenHash.current) return;
      const v = parseHash(window.location.hash);
      if (v.ws && v.ws !== ws) {
        pendingView.current = v;
        space.setWs(v.ws);
      } else if (list) applyView(v, list);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [ws, list, applyView, space.setWs]);

  const toggle = useCallback((layer: string, on: boolean) => {
    setVisible((v) => {
      const next = new Set(v);
      if (on) next.add(layer);
      else next.delete(layer);
      return next;
    });
  }, []);

  // A hidden layer's feature cannot stay selected: the map would outline something it does not show.
  useEffect(() => {
    if (list && selRef && !visible.has(selRef.layer_id)) sel.clear();
  }, [list, visible, selRef, sel.clear]);

  const setStyle = useCallback((layer: string, style: LayerStyle | null) => {
    setStyles((s) => {
      const next = new Map(s);
      if (style) next.set(layer, style);
      else next.delete(layer);
      return next;
    });
  }, []);

  const openTable = useCallback((layer: string) => {
    setTableLayer(layer);
    setDrawer(false);
  }, []);

  const selectRow = useCallback((layer: string, f: GeoFeature) => {
    sel.selectRecord(layer, f);
    setVisible((v) => (v.has(layer) ? v : new Set(v).add(layer)));
    const bbox = geometryBbox(f.geometry);
    if (bbox) moveCamera({ bbox, maxZoom: 18, besideInspector: true });
  }, [sel, moveCamera]);

  const onImported = useCallback((r: ImportReport) => {
    const hadData = list?.bbox != null;
    void space.reload().then((l) => {
      setVisible((v) => new Set([...v, ...r.layers.map((x) => x.layer)]));
      // The first data of a workspace: the map has had no place to show yet.
      if (!hadData && l?.bbox) moveCamera({ bbox: l.bbox });
    });
  }, [space.reload, list, moveCamera]);
  const importer = useImport(ws, onImported);

  const showImported = useCallback((r: ImportReport) => {
    const boxes = layers.filter((l) => r.layers.some((x) => x.layer === l.layer_id)).flatMap((l) => (l.bbox ? [l.bbox] : []));
    if (boxes.length) {
      moveCamera({ bbox: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))] });
    }
    setDialog(null);
    importer.reset();
  }, [layers, moveCamera, importer]);

  // Until the workspace's layers are known the map has not been given anything to draw, so it is not idle yet.
  const loading = space.workspaces === null || (ws !== null && list === null);
  const selectedLayer = layers.find((l) => l.layer_id === sel.selected?.ref.layer_id);
  const table = layers.find((l) => l.layer_id === tableLayer) ?? null;
  const exportLayer = dialog?.type === 'export' ? layers.find((l) => l.layer_id === dialog.layer) : undefined;

  const panel = list ? (
    <LayerPanel list={list} visible={visible} legends={legends} tableLayer={tableLayer}
      onToggle={toggle} onAll={(on) => setVisible(new Set(on ? list.layers.map((l) => l.layer_id) : []))}
      onStyle={setStyle} onTable={openTable} onExport={(layer) => setDialog({ type: 'export', layer })}
      onClose={narrow ? () => setDrawer(false) : undefined} />
  ) : space.workspaces && space.workspaces.length === 0 ? (
    <p className="empty">{t('workspace.none')}. {t('workspace.create_hint')}</p>
  ) : (
    <p className="empty muted">{t('loading')}</p>
  );

  return (
    <div className={`app${narrow ? ' narrow' : ''}`}>
      <TopBar space={space} narrow={narrow} drawerOpen={drawer} onDrawer={() => setDrawer(!drawer)}
        tableOpen={table !== null} onTable={() => setTableLayer(table ? null : (selectedLayer ?? layers[0])?.layer_id ?? null)}
        onImport={() => setDialog({ type: 'import' })} onSettings={() => setDialog({ type: 'settings' })}
        importing={importer.state.step === 'running'} />
      {space.error !== null && <ErrorNote error={space.error} banner />}
      <main className="body">
        {!narrow && <aside className="sidebar" aria-label={t('layers.title')}>{panel}</aside>}
        {narrow && drawer && <Drawer id="layer-drawer" label={t('layers.title')} onClose={() => setDrawer(false)}>{panel}</Drawer>}
        <div className="main-column">
          <div className="map-wrap">
            <MapView ws={ws} layers={layers} visible={visible} thematic={thematic} loading={loading} camera={camera}
              selection={selRef} locate={sel.selected?.status === 'locating' ? sel.selected.ref : null} basemap={basemap === 'osm'}
              fitLabel={t('map.fit')} mapLabel={t('map.label')} onMove={setPosition} onPick={sel.pick} onLocated={sel.located}
              onFit={() => list?.bbox && moveCamera({ bbox: list.bbox })} />
            {sel.selected ? (
              <FeatureInspector selected={sel.selected} layer={selectedLayer} onClose={sel.clear}
                onZoom={(bbox) => moveCamera({ bbox, maxZoom: 18, besideInspector: true })} />
            ) : (
              layers.length > 0 && <div className="map-hint">{t('map.hint')}</div>
            )}
            <Legend layers={layers} visible={visible} legends={legends} />
            <MapAttribution layers={layers} visible={visible} basemap={basemap} />
          </div>
          {table && ws && (
            <AttributeTable key={`${ws}/${table.layer_id}@${table.current_version}`} ws={ws} layer={table} layers={layers}
              selected={sel.selected} onSelect={selectRow} onLayer={setTableLayer} onClose={() => setTableLayer(null)} />
          )}
        </div>
      </main>
      {dialog?.type === 'import' && ws && (
        <ImportDialog ws={ws} state={importer.state} onStart={importer.start} onReset={importer.reset}
          onShow={showImported} onClose={() => setDialog(null)} />
      )}
      {dialog?.type === 'export' && ws && exportLayer && <ExportDialog ws={ws} layer={exportLayer} onClose={() => setDialog(null)} />}
      {dialog?.type === 'settings' && (
        <SettingsDialog basemap={basemap} onBasemap={(b) => {
          setBasemap(b);
          storeBasemap(b);
        }} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
