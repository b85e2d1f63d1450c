// The layer list: layers grouped by sector, each with a toggle, its kind in the current language,
// and where its data came from (file, licence, import date, feature count, version).

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { fetchLayerDetail } from '../api.ts';
import type { ApiError, LayerDetail, LayerItem, LayerList } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { sectorLabel } from '../messages.ts';
import { kindColour } from '../map/colours.ts';
import { kindGeometry, kindLabel } from '../kinds.ts';

export interface LayerStatus {
  loading: boolean;
  shown: number;
  matched: number;
  error: ApiError | null;
}

interface Props {
  list: LayerList;
  visible: ReadonlySet<string>;
  status: ReadonlyMap<string, LayerStatus>;
  onToggle(layer: string, on: boolean): void;
  onAll(on: boolean): void;
}

/** The swatch shows the geometry the kind is drawn with: a square for areas, a bar for lines, a dot for points. */
function Swatch({ layer }: { layer: LayerItem }): ReactNode {
  const colour = kindColour(layer.kind);
  const family = kindGeometry(layer.kind);
  const shape = family === 'polygon' ? 'area' : family;
  return <span className={`swatch swatch-${shape}`} style={{ ['--c' as string]: colour }} aria-hidden="true" />;
}

const FileIcon = (): ReactNode => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 1.5h5l3 3v10H4z M9 1.5v3h3" /></svg>
);
const LicenceIcon = (): ReactNode => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="6" r="3.5" /><path d="M5.5 9l-1 5.5L8 13l3.5 1.5-1-5.5" /></svg>
);

/** Always shown: version, feature count, import date, source file and licence. */
function ProvenanceSummary({ layer }: { layer: LayerItem }): ReactNode {
  const { t, number, date } = useI18n();
  const licence = layer.licence ?? t('prov.no_licence');
  return (
    <div className="prov">
      <div className="prov-line prov-meta">
        <span title={t('prov.version')}>{t('layer.version', { v: layer.current_version })}</span>
        <span aria-hidden="true">·</span>
        <span title={t('prov.features')}>{t('layer.features', { n: number(layer.feature_count) })}</span>
        <span aria-hidden="true">·</span>
        <span title={t('prov.imported')}>{date(layer.imported_at)}</span>
      </div>
      <div className="prov-line" title={`${t('prov.source')}: ${layer.source_file}`}>
        <FileIcon />
        <span className="ellipsis">{layer.source_file}</span>
      </div>
      <div className="prov-line" title={`${t('prov.licence')}: ${licence}`}>
        <LicenceIcon />
        <span className="ellipsis">{licence}</span>
      </div>
    </div>
  );
}

/** On request: the full record, with what only the layer's own endpoint knows (CRS, hash). */
function ProvenanceDetail({ ws, layer }: { ws: string; layer: LayerItem }): ReactNode {
  const { t, number, date, lang } = useI18n();
  const [detail, setDetail] = useState<LayerDetail | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetchLayerDetail(ws, layer.layer_id, ctl.signal).then(setDetail, () => undefined);
    return () => ctl.abort();
  }, [ws, layer.layer_id, layer.current_version]);
  return (
    <dl className="prov-detail">
      <dt>{t('prov.kind')}</dt>
      <dd>{kindLabel(layer.kind, lang)}</dd>
      <dt>{t('prov.source')}</dt>
      <dd>{layer.source_file}</dd>
      <dt>{t('prov.licence')}</dt>
      <dd>{layer.licence ?? t('prov.no_licence')}</dd>
      <dt>{t('prov.imported')}</dt>
      <dd>{date(layer.imported_at)}</dd>
      <dt>{t('prov.features')}</dt>
      <dd>{number(layer.feature_count)}</dd>
      <dt>{t('prov.version')}</dt>
      <dd>{t('prov.version_of', { v: layer.current_version, n: layer.version_count })}</dd>
      {detail && (
        <>
          <dt>{t('prov.crs')}</dt>
          <dd title={detail.source_crs_reason}>{detail.source_crs}</dd>
          <dt>SHA-256</dt>
          <dd className="mono" title={detail.source_sha256}>{detail.source_sha256.slice(0, 16)}…</dd>
        </>
      )}
    </dl>
  );
}

function LayerRow({ ws, layer, on, status, onToggle }: {
  ws: string;
  layer: LayerItem;
  on: boolean;
  status: LayerStatus | undefined;
  onToggle(on: boolean): void;
}): ReactNode {
  const { t, number, pick, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const id = `layer-${layer.layer_id}`;
  return (
    <li className={`layer${on ? '' : ' layer-off'}`} data-layer={layer.layer_id}>
      <div className="layer-head">
        <input id={id} type="checkbox" checked={on} onChange={(e) => onToggle(e.target.checked)} aria-label={t('layer.toggle', { title: layer.title })} />
        <Swatch layer={layer} />
        <label htmlFor={id} className="layer-title">
          <span className="layer-kind">{kindLabel(layer.kind, lang)}</span>
          <span className="layer-name">{layer.title}</span>
        </label>
        <button type="button" className={`info-button${open ? ' on' : ''}`} aria-expanded={open} onClick={() => setOpen(!open)}
          aria-label={t('prov.toggle', { title: layer.title })} title={t('prov.more')}>
          i
        </button>
      </div>
      <ProvenanceSummary layer={layer} />
      {open && <ProvenanceDetail ws={ws} layer={layer} />}
      {on && status?.loading && <div className="layer-status">{t('layer.loading')}</div>}
      {on && status && !status.loading && status.shown < status.matched && (
        <div className="layer-status">{t('layer.partial', { shown: number(status.shown), total: number(status.matched) })}</div>
      )}
      {status?.error && <div className="layer-status layer-error">{t('layer.error', { msg: pick(status.error) })}</div>}
    </li>
  );
}

export function LayerPanel({ list, visible, status, onToggle, onAll }: Props): ReactNode {
  const { t, lang } = useI18n();
  const byId = new Map(list.layers.map((l) => [l.layer_id, l]));
  const allOn = list.layers.length > 0 && list.layers.every((l) => visible.has(l.layer_id));
  return (
    <section className="panel" aria-labelledby="layers-title">
      <header className="panel-head">
        <h2 id="layers-title">{t('layers.title')}</h2>
        <span className="muted">{t('layers.count', { n: list.layers.length })}</span>
        {list.layers.length > 0 && (
          <button type="button" className="link-button" onClick={() => onAll(!allOn)}>
            {allOn ? t('layers.hide_all') : t('layers.show_all')}
          </button>
        )}
      </header>
      {list.layers.length === 0 && <p className="empty">{t('layers.empty', { ws: list.workspace.workspace_id })}</p>}
      {list.sectors.map((s) => (
        <section key={s.sector} className="sector" aria-label={sectorLabel(lang, s.sector)}>
          <h3>{sectorLabel(lang, s.sector)}</h3>
          <ul>
            {s.layers.map((id) => {
              const layer = byId.get(id);
              return layer ? (
                <LayerRow key={id} ws={list.workspace.workspace_id} layer={layer} on={visible.has(id)} status={status.get(id)}
                  onToggle={(on) => onToggle(id, on)} />
              ) : null;
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}
