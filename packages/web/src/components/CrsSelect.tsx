// Choosing a coordinate reference system: the detected or default one, the VN-2000 provincial
// zones planners' files come in, a few world systems, or any code or name the registry knows
// (EPSG:9210, vn2000:danang), checked as it is typed.

import { useId } from 'react';
import type { ReactNode } from 'react';
import { CRS_REGISTRY, findCrs } from '@dothi/engine/crs/registry';
import type { CrsDef } from '@dothi/engine/crs/registry';
import { useI18n } from '../i18n.tsx';

const OTHER = '__other__';
const WORLD_IDS = ['EPSG:4326', 'EPSG:3857', 'EPSG:32648', 'EPSG:32649'];
const VN2000: readonly CrsDef[] = [
  ...CRS_REGISTRY.filter((d) => d.centralMeridian !== undefined),
  ...['EPSG:4756', 'EPSG:3405', 'EPSG:3406'].flatMap((id) => CRS_REGISTRY.filter((d) => d.id === id)),
];
const WORLD: readonly CrsDef[] = WORLD_IDS.flatMap((id) => CRS_REGISTRY.filter((d) => d.id === id));

export interface CrsChoice {
  /** '' for the default (detected on import, WGS 84 on export), OTHER while a code is typed. */
  choice: string;
  typed: string;
}

export const DEFAULT_CRS: CrsChoice = { choice: '', typed: '' };

/** The value to send, or null when a typed name is not one the registry knows. */
export function crsValue(c: CrsChoice): string | null {
  if (c.choice !== OTHER) return c.choice;
  if (!c.typed.trim()) return null;
  return findCrs(c.typed) ? c.typed.trim() : null;
}

export function CrsSelect({ label, defaultLabel, value, onChange, invalid }: {
  label: string;
  defaultLabel: string;
  value: CrsChoice;
  onChange(v: CrsChoice): void;
  invalid?: string | undefined;
}): ReactNode {
  const { t, lang } = useI18n();
  const id = useId();
  const name = (d: CrsDef): string => `${lang === 'vi' ? d.name_vi : d.name} — ${d.id}`;
  const typed = value.choice === OTHER ? findCrs(value.typed) : undefined;
  return (
    <div className="field">
      <label htmlFor={`${id}-crs`}>{label}</label>
      <select id={`${id}-crs`} value={value.choice} onChange={(e) => onChange({ ...value, choice: e.target.value })}>
        <option value="">{defaultLabel}</option>
        <optgroup label={t('crs.group_vn2000')}>
          {VN2000.map((d) => <option key={d.id} value={d.id}>{name(d)}</option>)}
        </optgroup>
        <optgroup label={t('crs.group_world')}>
          {WORLD.filter((d) => d.id !== 'EPSG:4326' || defaultLabel !== t('crs.wgs84')).map((d) => <option key={d.id} value={d.id}>{name(d)}</option>)}
        </optgroup>
        <option value={OTHER}>{t('crs.other')}</option>
      </select>
      {value.choice === OTHER && (
        <div className="field-sub">
          <label htmlFor={`${id}-typed`}>{t('crs.custom')}</label>
          <input id={`${id}-typed`} type="text" value={value.typed} placeholder="EPSG:9210, vn2000:danang" autoComplete="off"
            aria-invalid={invalid ? true : undefined} aria-describedby={`${id}-typed-note`}
            onChange={(e) => onChange({ ...value, typed: e.target.value })} />
          <div id={`${id}-typed-note`} className={invalid ? 'field-error' : 'field-hint'}>
            {invalid ?? (typed ? name(typed) : '')}
          </div>
        </div>
      )}
    </div>
  );
}
