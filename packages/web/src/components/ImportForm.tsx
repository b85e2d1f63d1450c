// The import form: the files of one dataset and how to read them. What can be checked here is
// checked before anything is sent (a file chosen, a kind for non-OSM files, a known CRS name); the
// server checks the rest and its coded errors are shown by the dialog.

import { useId, useRef, useState } from 'react';
import type { DragEvent, FormEvent, ReactNode } from 'react';
import type { OnInvalid } from '../api/imports.ts';
import { useI18n } from '../i18n.tsx';
import { allKinds } from '../kinds.ts';
import { sectorLabel } from '../messages.ts';
import { CrsSelect, crsValue } from './CrsSelect.tsx';
import type { CrsChoice } from './CrsSelect.tsx';
import { Icon } from './Icon.tsx';

export interface FormValues {
  files: File[];
  kind: string;
  name: string;
  crs: CrsChoice;
  onInvalid: OnInvalid;
  licence: string;
  encoding: string;
}

const ENCODINGS = ['utf-8', 'cp1258', 'windows-1252'] as const;
const LICENCES = ['ODbL 1.0, © OpenStreetMap contributors', 'CC BY 4.0', 'CC0 1.0', 'Open Government Licence'];
const ON_INVALID: readonly OnInvalid[] = ['reject', 'repair', 'skip'];

/** Only OpenStreetMap extracts say which layer kinds they hold. */
const isOsm = (f: File): boolean => /\.(osm|osm\.pbf|pbf)$/i.test(f.name);

function sizeText(bytes: number, number: (n: number) => string): string {
  if (bytes < 1024) return `${number(bytes)} B`;
  if (bytes < 1024 ** 2) return `${number(Math.round(bytes / 102.4) / 10)} kB`;
  return `${number(Math.round(bytes / 1024 ** 2 / 0.1) / 10)} MB`;
}

export function ImportForm({ values, onChange, onSubmit, onCancel }: {
  values: FormValues;
  onChange(v: FormValues): void;
  onSubmit(v: FormValues, crs: string): void;
  onCancel(): void;
}): ReactNode {
  const { t, lang, pick, number } = useI18n();
  const id = useId();
  const [errors, setErrors] = useState<{ files?: string; kind?: string; crs?: string }>({});
  const [dragging, setDragging] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const set = (patch: Partial<FormValues>): void => onChange({ ...values, ...patch });
  const kinds = allKinds();
  const sectors = [...new Set(kinds.map((k) => k.sector))];

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const crs = crsValue(values.crs);
    const next = {
      ...(values.files.length === 0 ? { files: t('import.need_file') } : {}),
      ...(!values.kind && values.files.some((f) => !isOsm(f)) ? { kind: t('import.kind_needed') } : {}),
      ...(crs === null ? { crs: t('crs.unknown') } : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) {
      // Focus the first field to fix, so a keyboard or screen-reader user lands on the problem.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    onSubmit(values, crs ?? '');
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) {
      set({ files: [...e.dataTransfer.files] });
      setErrors({ ...errors, files: undefined });
    }
  };

  return (
    <form ref={form} className="import-form" onSubmit={submit} noValidate>
      <div className={`dropzone${dragging ? ' dragging' : ''}`} onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <div className="field">
          <span className="field-label" id={`${id}-files-label`}>{t('import.files')}</span>
          <div className="file-pick">
            <input id={`${id}-files`} className="file-input" type="file" multiple aria-labelledby={`${id}-files-label ${id}-files-button`}
              aria-invalid={errors.files ? true : undefined} aria-describedby={`${id}-files-hint`}
              onChange={(e) => {
                set({ files: [...(e.target.files ?? [])] });
                setErrors({ ...errors, files: undefined });
              }} />
            <label id={`${id}-files-button`} htmlFor={`${id}-files`} className="button">
              <Icon name="upload" /> {t('import.choose')}
            </label>
            <span className="muted">{t('import.drop')}</span>
          </div>
          <ul className="file-list" aria-live="polite">
            {values.files.length === 0 && <li className="muted">{t('import.none_chosen')}</li>}
            {values.files.map((f) => <li key={f.name}><span className="mono">{f.name}</span> <span className="muted">{sizeText(f.size, number)}</span></li>)}
          </ul>
          <div id={`${id}-files-hint`} className={errors.files ? 'field-error' : 'field-hint'}>{errors.files ?? t('import.files_hint')}</div>
        </div>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('import.kind')}</label>
          <select id={`${id}-kind`} value={values.kind} onChange={(e) => {
            set({ kind: e.target.value });
            setErrors({ ...errors, kind: undefined });
          }}
            aria-invalid={errors.kind ? true : undefined} aria-describedby={errors.kind ? `${id}-kind-error` : undefined}>
            <option value="">{t('import.kind_auto')}</option>
            {sectors.map((s) => (
              <optgroup key={s} label={sectorLabel(lang, s)}>
                {kinds.filter((k) => k.sector === s).map((k) => <option key={k.id} value={k.id}>{pick(k)}</option>)}
              </optgroup>
            ))}
          </select>
          {errors.kind && <div id={`${id}-kind-error`} className="field-error">{errors.kind}</div>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('import.name')}</label>
          <input id={`${id}-name`} type="text" value={values.name} onChange={(e) => set({ name: e.target.value })} placeholder={t('import.name_hint')} />
        </div>
        <CrsSelect label={t('import.crs')} defaultLabel={t('import.crs_auto')} value={values.crs} invalid={errors.crs} onChange={(crs) => {
          set({ crs });
          setErrors({ ...errors, crs: undefined });
        }} />
        <div className="field">
          <label htmlFor={`${id}-encoding`}>{t('import.encoding')}</label>
          <select id={`${id}-encoding`} value={values.encoding} onChange={(e) => set({ encoding: e.target.value })}>
            <option value="">{t('import.encoding_auto')}</option>
            {ENCODINGS.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-licence`}>{t('import.licence')}</label>
          <input id={`${id}-licence`} type="text" list={`${id}-licences`} value={values.licence} onChange={(e) => set({ licence: e.target.value })}
            placeholder={t('import.licence_hint')} />
          <datalist id={`${id}-licences`}>{LICENCES.map((l) => <option key={l} value={l} />)}</datalist>
        </div>
      </div>
      <fieldset className="field radio-group">
        <legend>{t('import.on_invalid')}</legend>
        {ON_INVALID.map((o) => (
          <label key={o} className="radio">
            <input type="radio" name={`${id}-on-invalid`} value={o} checked={values.onInvalid === o} onChange={() => set({ onInvalid: o })} />
            <span>{t(`import.${o}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>{t('import.cancel')}</button>
        <button type="submit" className="button primary">{t('import.submit')}</button>
      </div>
    </form>
  );
}
