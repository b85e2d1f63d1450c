// The selected indicator by unit on a map: the units layer of the run (its `units` input, at the
// version the run read) coloured by the run's values, with a legend of the classes and their counts.
// The container says data-map-state="idle" once drawn, like the main map, for tests and scripts.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { LngLatBounds } from 'maplibre-gl';
import type { Map as MlMap } from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import { fetchFeaturePage } from '../api/features.ts';
import type { GeoFeature } from '../api/features.ts';
import type { Run } from '../api/monitoring.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useI18n } from '../i18n.tsx';
import { flatMap } from '../map/flat-map.ts';
import { NO_VALUE_COLOUR, THEMATIC_FILL_OPACITY } from '../map/thematic.ts';
import { choroClasses, choroExpression, joinValues } from './choropleth.ts';
import { formatValue } from './IndicatorCard.tsx';

/** Units layers are zones, wards or grid cells: a few thousand at most. */
const MAX_UNITS = 10_000;

export function ChoroplethMap({ ws, run, title }: { ws: string; run: Run; title: string }): ReactNode {
  const { t, number } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [units, setUnits] = useState<GeoFeature[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const unitsInput = run.inputs.find((i) => i.role === 'units');

  useEffect(() => {
    setUnits(null);
    setError(null);
    if (!unitsInput) return;
    const ctl = new AbortController();
    fetchFeaturePage(ws, unitsInput.layerId, { limit: MAX_UNITS, version: unitsInput.version }, ctl.signal)
      .then((p) => setUnits(p.features), (e: unknown) => !ctl.signal.aborted && setError(e));
    return () => ctl.abort();
  }, [ws, unitsInput?.layerId, unitsInput?.version]);

  const values = useMemo(() => new Map(run.values.map((v) => [v.unit_code, v.value])), [run]);
  const classes = useMemo(() => choroClasses(run.values.flatMap((v) => (v.value === null ? [] : [v.value]))), [run]);
  const joined = useMemo(() => (units ? joinValues(units, values) : null), [units, values]);
  const missing = joined ? joined.filter((f) => f.properties?.value === null).length : 0;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = flatMap(el);
    mapRef.current = map;
    let idle = 0;
    map.on('idle', () => {
      if (!map.getSource('units')) return;
      el.dataset.mapState = 'idle';
      el.dataset.idleCount = String(++idle);
    });
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const el = container.current;
    if (!map || !joined || !el) return;
    const apply = (): void => {
      el.dataset.mapState = 'busy';
      const data: FeatureCollection<Geometry> = { type: 'FeatureCollection', features: joined };
      const src = map.getSource<GeoJSONSource>('units');
      if (src) src.setData(data);
      else {
        map.addSource('units', { type: 'geojson', data });
        map.addLayer({ id: 'units-fill', type: 'fill', source: 'units', paint: { 'fill-color': choroExpression(classes), 'fill-opacity': THEMATIC_FILL_OPACITY } });
        map.addLayer({ id: 'units-line', type: 'line', source: 'units', paint: { 'line-color': '#ffffff', 'line-width': 0.6 } });
      }
      map.setPaintProperty('units-fill', 'fill-color', choroExpression(classes));
      const b = new LngLatBounds();
      for (const f of joined) extend(b, f.geometry);
      if (!b.isEmpty()) map.fitBounds(b, { padding: 24, duration: 0 });
      map.triggerRepaint();
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [joined, classes]);

  return (
    <figure className="choropleth" aria-label={t('dash.map_of', { name: title })}>
      <div className="choro-map-wrap">
        <div ref={container} className="map choro-map" data-map-state="busy" data-result={run.result_id} role="region" aria-label={t('dash.map_of', { name: title })} />
      </div>
      {error !== null && <ErrorNote error={error} />}
      <figcaption>
        <ul className="choro-legend" aria-label={t('legend.title')}>
          {classes.map((c) => (
            <li key={c.from} data-count={c.count} data-colour={c.colour}>
              <svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="2" fill={c.colour} /></svg>
              {formatValue(c.from, number)}–{formatValue(c.to, number)} <span className="muted">({number(c.count)})</span>
            </li>
          ))}
          {missing > 0 && (
            <li data-count={missing} data-colour={NO_VALUE_COLOUR}>
              <svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="2" fill={NO_VALUE_COLOUR} /></svg>
              {t('legend.no_value')} <span className="muted">({number(missing)})</span>
            </li>
          )}
        </ul>
        <p className="muted">{t('dash.units_note', { layer: unitsInput?.layerId ?? '–', version: unitsInput?.version ?? '–', n: run.values.length })}</p>
      </figcaption>
    </figure>
  );
}

function extend(b: LngLatBounds, g: Geometry): void {
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') b.extend([c[0], c[1] as number]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => extend(b, x));
  else walk(g.coordinates);
}
