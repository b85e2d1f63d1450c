// The map page: workspace switcher, layers by sector with provenance, the map, the feature
// inspector, and the language switch; the view lives in the URL hash (see view-hash.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, fetchLayers, fetchWorkspaces, loadFeatures } from './api.ts';
import type { GeoFeature, LayerList, Workspace } from './api.ts';
import { useI18n } from './i18n.tsx';
import type { Lang } from './messages.ts';
import { FeatureInspector } from './components/FeatureInspector.tsx';
import { LayerPanel } from './components/LayerPanel.tsx';
import type { LayerStatus } from './components/LayerPanel.tsx';
import { MapView } from './map/MapView.tsx';
import type { CameraRequest, Selection } from './map/MapView.tsx';
import { formatHash, parseHash } from './view-hash.ts';
import type { MapPosition, View } from './view-hash.ts';

function LanguageSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  const option = (l: Lang, label: string, full: string): ReactNode => (
    <button type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'on' : ''} onClick={() => setLang(l)} title={full}>
      {label}
    </button>
  );
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {option('vi', 'VI', 'Tiếng Việt')}
      {option('en', 'EN', 'English')}
    </div>
  );
}

function errorText(e: unknown, lang: Lang): string {
  return e instanceof ApiError ? (lang === 'vi' ? e.vi : e.en) : String(e);
}

export function App(): ReactNode {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const pendingView = useRef<View | null>(parseHash(window.location.hash));
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [ws, setWs] = useState<string | null>(null);
  const [list, setList] = useState<LayerList | null>(null);
  const [visible, setVisible] = useState<ReadonlySet<string>>(new Set());
  const [data, setData] = useState<ReadonlyMap<string, GeoFeature[]>>(new Map());
  const [status, setStatus] = useState<ReadonlyMap<string, LayerStatus>>(new Map());
  const [selection, setSelection] = useState<Selection | null>(null);
  const [camera, setCamera] = useState<CameraRequest | null>(null);
  const [position, setPosition] = useState<MapPosition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loads = useRef(new Map<string, AbortController>());
  const cameraKey = useRef(0);
  const writtenHash = useRef<string | null>(null);

  const moveCamera = useCallback((req: Omit<CameraRequest, 'key'>) => setCamera({ ...req, key: ++cameraKey.current }), []);

  useEffect(() => {
    fetchWorkspaces().then((all) => {
      setWorkspaces(all);
      const wanted = pendingView.current?.ws;
      setWs(all.find((w) => w.workspace_id === wanted)?.workspace_id ?? all[0]?.workspace_id ?? null);
    }, setError);
  }, []);

  // A new workspace: its layers, the visible set and camera from the hash when it named this workspace.
  useEffect(() => {
    for (const c of loads.current.values()) c.abort();
    loads.current.clear();
    setList(null);
    setData(new Map());
    setStatus(new Map());
    setSelection(null);
    if (!ws) return;
    const ctl = new AbortController();
    fetchLayers(ws, ctl.signal).then((l) => {
      const view = pendingView.current?.ws === ws || pendingView.current?.ws === null ? pendingView.current : null;
      pendingView.current = null;
      const ids = l.layers.map((x) => x.layer_id);
      setVisible(new Set(view?.layers ? view.layers.filter((id) => ids.includes(id)) : ids));
      setList(l);
      if (view?.map) {
        setPosition(view.map);
        moveCamera({ position: view.map });
      }
      else if (l.bbox) moveCamera({ bbox: l.bbox });
    }, (e: unknown) => {
      if (!ctl.signal.aborted) setError(e);
    });
    return () => ctl.abort();
  }, [ws, moveCamera]);

  // Load the features of visible layers that have not been loaded yet.
  useEffect(() => {
    if (!list || !ws) return;
    for (const layer of list.layers) {
      const id = layer.layer_id;
      if (!visible.has(id) || loads.current.has(id)) continue;
      const ctl = new AbortController();
      loads.current.set(id, ctl);
      setStatus((s) => new Map(s).set(id, { loading: true, shown: 0, matched: layer.feature_count, error: null }));
      loadFeatures(ws, id, layer.current_version, (p) => {
        // A fresh array each page, so the map sees the change.
        setData((d) => new Map(d).set(id, [...p.features]));
        setStatus((s) => new Map(s).set(id, { loading: !p.done, shown: p.features.length, matched: p.matched, error: null }));
      }, ctl.signal).catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        loads.current.delete(id); // so turning the layer off and on tries again
        setStatus((s) => new Map(s).set(id, { loading: false, shown: 0, matched: layer.feature_count, error: e instanceof ApiError ? e : null }));
      });
    }
  }, [list, ws, visible]);

  // The view into the hash, without adding history entries for every pan.
  useEffect(() => {
    if (!ws || !list) return;
    const all = list.layers.every((l) => visible.has(l.layer_id));
    const hash = formatHash({ ws, layers: all ? null : list.layers.map((l) => l.layer_id).filter((id) => visible.has(id)), map: position });
    if (hash !== window.location.hash) {
      writtenHash.current = hash;
      window.history.replaceState(null, '', hash || window.location.pathname);
    }
  }, [ws, list, visible, position]);

  // A hash edited by hand, or a pasted link, moves the page to that view.
  useEffect(() => {
    const onHash = (): void => {
      if (window.location.hash === writtenHash.current) return;
      const v = parseHash(window.location.hash);
      if (v.ws && v.ws !== ws) {
        pendingView.current = v;
        setWs(v.ws);
        return;
      }
      if (list) {
        const ids = list.layers.map((l) => l.layer_id);
        setVisible(new Set(v.layers ? v.layers.filter((id) => ids.includes(id)) : ids));
      }
      if (v.map) {
        // Set now, not on the map's moveend, so the hash is not rewritten with the old place meanwhile.
        setPosition(v.map);
        moveCamera({ position: v.map });
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [ws, list, moveCamera]);

  const toggle = useCallback((layer: string, on: boolean) => {
    setVisible((v) => {
      const next = new Set(v);
      if (on) next.add(layer);
      else next.delete(layer);
      return next;
    });
    if (!on) setSelection((s) => (s?.layer_id === layer ? null : s));
  }, []);

  // Until the workspace's layers are known the map has not been given anything to draw, so it is not idle yet.
  const loading = workspaces === null || (ws !== null && list === null) || [...visible].some((id) => status.get(id)?.loading);
  const licences = useMemo(() => {
    const out = new Set<string>();
    for (const l of list?.layers ?? []) if (visible.has(l.layer_id) && l.licence) out.add(l.licence);
    return [...out];
  }, [list, visible]);
  const selectedLayer = list?.layers.find((l) => l.layer_id === selection?.layer_id);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" />
            <path d="M7 23V13l5-3v13M14 23V8l5 3v12M21 23v-8l4-2v10" />
          </svg>
          <div>
            <div className="brand-name">dothi</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <label className="ws-switch">
          <span>{t('workspace.label')}</span>
          <select value={ws ?? ''} disabled={!workspaces?.length} onChange={(e) => setWs(e.target.value)}>
            {!workspaces?.length && <option value="">{workspaces ? t('workspace.none') : t('loading')}</option>}
            {workspaces?.map((w) => (
              <option key={w.workspace_id} value={w.workspace_id}>{w.name}</option>
            ))}
          </select>
        </label>
        <div className="spacer" />
        <LanguageSwitch />
      </header>
      {error !== null && (
        <div className="banner" role="alert">
          <strong>{t('error.title')}:</strong> {errorText(error, lang)}
        </div>
      )}
      <main className="body">
        <aside className="sidebar">
          {list ? (
            <LayerPanel list={list} visible={visible} status={status} onToggle={toggle} onAll={(on) => setVisible(new Set(on ? list.layers.map((l) => l.layer_id) : []))} />
          ) : workspaces && workspaces.length === 0 ? (
            <p className="empty">{t('workspace.none')}. {t('workspace.create_hint')}</p>
          ) : (
            <p className="empty muted">{t('loading')}</p>
          )}
        </aside>
        <div className="map-wrap">
          <MapView
            layers={list?.layers ?? []}
            visible={visible}
            data={data}
            loading={loading}
            camera={camera}
            selection={selection}
            fitLabel={t('map.fit')}
            mapLabel={t('map.label')}
            onMove={setPosition}
            onSelect={setSelection}
            onFit={() => list?.bbox && moveCamera({ bbox: list.bbox })}
          />
          {selection ? (
            <FeatureInspector selection={selection} layer={selectedLayer} onClose={() => setSelection(null)} />
          ) : (
            list && list.layers.length > 0 && <div className="map-hint">{t('map.hint')}</div>
          )}
          {licences.length > 0 && (
            <div className="attribution">{t('map.attribution_data')}: {licences.join(' · ')}</div>
          )}
        </div>
      </main>
    </div>
  );
}
