// Where a layer's data came from: a one-glance summary (version, features, date, source file,
// licence) always shown, and on request the full record of every version, newest first.

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { fetchVersions } from '../api/layers.ts';
import type { LayerItem, LayerVersion } from '../api/layers.ts';
import { isAbort } from '../api/http.ts';
import { useI18n } from '../i18n.tsx';
import { kindLabel } from '../kinds.ts';
import { ErrorNote } from './ErrorNote.tsx';

const FileIcon = (): ReactNode => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 1.5h5l3 3v10H4z M9 1.5v3h3" /></svg>
);
const LicenceIcon = (): ReactNode => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="6" r="3.5" /><path d="M5.5 9l-1 5.5L8 13l3.5 1.5-1-5.5" /></svg>
);

export function ProvenanceSummary({ layer }: { layer: LayerItem }): ReactNode {
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

function VersionEntry({ v, current }: { v: LayerVersion; current: boolean }): ReactNode {
  const { t, number, date } = useI18n();
  return (
    <li className={`version${current ? ' version-current' : ''}`}>
      <div className="version-head">
        <strong>{t('layer.version', { v: v.version })}</strong>
        {current && <span className="badge badge-ok">{t('prov.current')}</span>}
        <span className="muted">{date(v.imported_at)}</span>
      </div>
      <dl className="prov-detail">
        <dt>{t('prov.source')}</dt>
        <dd>{v.source_file} <span className="muted">({v.source_format})</span></dd>
        <dt>{t('prov.features')}</dt>
        <dd>
          {number(v.feature_count)}
          {v.rejected_count > 0 && <> · {t('prov.rejected', { n: number(v.rejected_count) })}</>}
          {v.repaired_count > 0 && <> · {t('prov.repaired', { n: number(v.repaired_count) })}</>}
        </dd>
        <dt>{t('prov.licence')}</dt>
        <dd>{v.licence ?? t('prov.no_licence')}</dd>
        <dt>{t('prov.crs')}</dt>
        <dd title={v.source_crs_reason}>{v.source_crs}</dd>
        <dt>{t('prov.importer')}</dt>
        <dd>{v.importer}</dd>
        <dt>SHA-256</dt>
        <dd className="mono" title={v.source_sha256}>{v.source_sha256.slice(0, 16)}…</dd>
      </dl>
    </li>
  );
}

export function VersionHistory({ ws, layer }: { ws: string; layer: LayerItem }): ReactNode {
  const { t, lang } = useI18n();
  const [versions, setVersions] = useState<LayerVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctl = new AbortController();
    fetchVersions(ws, layer.layer_id, ctl.signal).then(setVersions, (e: unknown) => {
      if (!isAbort(e)) setError(e);
    });
    return () => ctl.abort();
  }, [ws, layer.layer_id, layer.current_version]);
  return (
    <section className="history" aria-label={t('prov.history')}>
      <h4>{t('prov.history')} <span className="muted">· {kindLabel(layer.kind, lang)}</span></h4>
      {error !== null && <ErrorNote error={error} />}
      {!versions && error === null && <p className="muted">{t('loading')}</p>}
      {versions && (
        <ol className="versions">
          {versions.map((v) => <VersionEntry key={v.version} v={v} current={v.version === layer.current_version} />)}
        </ol>
      )}
    </section>
  );
}
