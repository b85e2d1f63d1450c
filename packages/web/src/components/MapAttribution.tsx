// Who the map's data and background belong to: the licences of the visible layers, and
// OpenStreetMap's when its tiles are shown (their licence asks for the link).

import type { ReactNode } from 'react';
import type { LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import { OSM_ATTRIBUTION, OSM_COPYRIGHT_URL } from '../map/basemap.ts';
import type { Basemap } from '../map/basemap.ts';

export function MapAttribution({ layers, visible, basemap }: { layers: readonly LayerItem[]; visible: ReadonlySet<string>; basemap: Basemap }): ReactNode {
  const { t } = useI18n();
  const licences = [...new Set(layers.filter((l) => visible.has(l.layer_id) && l.licence).map((l) => l.licence as string))];
  if (licences.length === 0 && basemap === 'none') return null;
  return (
    <div className="attribution">
      {licences.length > 0 && <span>{t('map.attribution_data')}: {licences.join(' · ')}</span>}
      {basemap === 'osm' && (
        <span className="basemap-credit">
          {licences.length > 0 && ' · '}
          {t('settings.basemap')}: <a href={OSM_COPYRIGHT_URL} target="_blank" rel="noreferrer">{OSM_ATTRIBUTION}</a>
        </span>
      )}
    </div>
  );
}
