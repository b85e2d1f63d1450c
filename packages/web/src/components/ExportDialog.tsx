// Exporting a layer version: format, coordinate system and version, then the file is downloaded
// under the name the server gives it (layer, version and CRS in the name, provenance inside).

import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { downloadExport, EXPORT_FORMATS } from '../api/exports.ts';
import type { ExportFormat, SavedFile } from '../api/exports.ts';
import { isAbort } from '../api/http.ts';
import { fetchVersions } from '../api/layers.ts';
import type { LayerItem, LayerVersion } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import type { MessageKey } from '../messages.ts';
import { CrsSelect, crsValue, DEFAULT_CRS } from './CrsSelect.tsx';
import type { CrsChoice } from './CrsSelect.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { Icon } from './Icon.tsx';

export function ExportDialog({ ws, layer, onClose }: { ws: string; layer: LayerItem; onClose(): void }): ReactNode {
  const { t, number, date } = useI18n();
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>('geojson');
  const [crs, setCrs] = useState<CrsChoice>(DEFAULT_CRS);
  const [version, setVersion] = useState(layer.current_version);
  const [versions, setVersions] = useState<LayerVersion[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<SavedFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [crsError, setCrsError] = useState<string | undefined>(undefined);
  const ctl = useRef<AbortController | null>(null);

  useEffect(() => {
    const c = new AbortController();
    fetchVersions(ws, layer.layer_id, c.signal).then(setVersions, () => undefined);
    return () => {
      c.abort();
      ctl.current?.abort();
    };
  }, [ws, layer.layer_id]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const value = crsValue(crs);
    setCrsError(value === null ? t('crs.unknown') : undefined);
    if (value === null) return;
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    setBusy(true);
    setSaved(null);
    setError(null);
    downloadExport(ws, layer.layer_id, { format, crs: value, version }, c.signal).then(setSaved, (err: unknown) => {
      if (!isAbort(err)) setError(err);
    }).finally(() => setBusy(false));
  };

  const kb = (n: number): string => (n < 1024 ? `${number(n)} B` : `${number(Math.round(n / 102.4) / 10)} kB`);
  return (
    <Dialog title={t('export.title', { title: layer.title })} subtitle={`${ws} / ${layer.layer_id}`} onClose={onClose}>
      <form className="export-form" onSubmit={submit} noValidate>
        <fieldset className="field radio-group">
          <legend>{t('export.format')}</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className="radio">
              <input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => setFormat(f)} />
              <span>{t(`export.fmt.${f}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
        <CrsSelect label={t('export.crs')} defaultLabel={t('crs.wgs84')} value={crs} invalid={crsError} onChange={(c) => {
          setCrs(c);
          setCrsError(undefined);
        }} />
        <div className="field">
          <label htmlFor={`${id}-version`}>{t('export.version')}</label>
          <select id={`${id}-version`} value={version} onChange={(e) => setVersion(Number(e.target.value))}>
            {(versions.length ? versions : [{ version: layer.current_version, imported_at: layer.imported_at, feature_count: layer.feature_count }]).map((v) => (
              <option key={v.version} value={v.version}>
                {t('layer.version', { v: v.version })} · {date(v.imported_at)} · {t('layer.features', { n: number(v.feature_count) })}
                {v.version === layer.current_version ? ` (${t('prov.current')})` : ''}
              </option>
            ))}
          </select>
        </div>
        {error !== null && <ErrorNote error={error} />}
        {saved && <p className="export-saved" role="status">{t('export.saved', { name: saved.name, size: kb(saved.bytes) })}</p>}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="submit" className="button primary" disabled={busy}>
            <Icon name="download" /> {busy ? t('export.working') : t('export.download')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
