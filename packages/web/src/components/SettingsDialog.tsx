// Settings kept in this browser: for now, whether an online basemap is drawn under the data.

import { useId } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Basemap } from '../map/basemap.ts';
import { Dialog } from './Dialog.tsx';

export function SettingsDialog({ basemap, onBasemap, onClose }: { basemap: Basemap; onBasemap(b: Basemap): void; onClose(): void }): ReactNode {
  const { t } = useI18n();
  const id = useId();
  const options: Array<[Basemap, string]> = [['none', t('settings.basemap_none')], ['osm', t('settings.basemap_osm')]];
  return (
    <Dialog title={t('settings.title')} onClose={onClose} footer={<button type="button" className="button primary" onClick={onClose}>{t('dialog.close')}</button>}>
      <fieldset className="field radio-group" aria-describedby={`${id}-hint`}>
        <legend>{t('settings.basemap')}</legend>
        {options.map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name={`${id}-basemap`} value={value} checked={basemap === value} onChange={() => onBasemap(value)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      <p id={`${id}-hint`} className="field-hint">{t('settings.basemap_hint')}</p>
    </Dialog>
  );
}
