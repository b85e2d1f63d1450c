// How the workspace compares with its peers: the other workspaces' whole-area values on the same
// indicators (the benchmark API ranks them by each indicator's direction and scales them 0–100 across
// those compared), as a radar by dimension and as a table of values and ranks. Indicators without a
// stated direction are left out: there is no "better" to draw for them.

import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { fetchBenchmark } from '../api/monitoring.ts';
import type { Benchmark } from '../api/monitoring.ts';
import type { Workspace } from '../api/layers.ts';
import { Radar, seriesColour } from '../charts/Radar.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useI18n } from '../i18n.tsx';
import type { Card } from './cards.ts';
import { formatValue } from './IndicatorCard.tsx';

export function BenchmarkPanel({ ws, workspaces, cards }: { ws: string; workspaces: readonly Workspace[]; cards: readonly Card[] }): ReactNode {
  const { t, pick, number } = useI18n();
  const [bench, setBench] = useState<Benchmark | null>(null);
  const [error, setError] = useState<unknown>(null);
  const compared = useMemo(() => cards.filter((c) => c.direction !== null && c.series.length > 0), [cards]);
  const ids = compared.map((c) => c.id).join(',');
  const peers = workspaces.map((w) => w.workspace_id).filter((w) => w !== ws).join(',');

  useEffect(() => {
    setBench(null);
    setError(null);
    if (!ids) return;
    const ctl = new AbortController();
    fetchBenchmark(ws, ids.split(','), peers ? peers.split(',') : [], ctl.signal).then(setBench, (e: unknown) => !ctl.signal.aborted && setError(e));
    return () => ctl.abort();
  }, [ws, ids, peers]);

  if (!ids) return <p className="muted">{t('bench.none')}</p>;
  if (error !== null) return <ErrorNote error={error} />;
  if (!bench) return <p className="muted">{t('loading')}</p>;
  // Peers with no value on these indicators have nothing to show.
  const units = bench.units.filter((u) => u.values.some((v) => v !== null));
  const dimLabel = new Map(compared.flatMap((c) => (c.dimension ? [[c.dimension.en, pick(c.dimension)] as const] : [])));
  const nameOf = (id: string): string => workspaces.find((w) => w.workspace_id === id)?.name ?? id;
  const byId = new Map(compared.map((c) => [c.id, c]));
  return (
    <div className="benchmark" data-units={units.length}>
      {bench.dimensions.length >= 3 ? (
        <Radar axes={bench.dimensions.map((d) => dimLabel.get(d) ?? d)} label={t('bench.radar_label')}
          series={units.map((u) => ({ label: nameOf(u.unit), values: bench.dimensions.map((d) => u.dimensions[d] ?? null) }))} />
      ) : (
        <p className="muted">{t('bench.few_dimensions', { n: bench.dimensions.length })}</p>
      )}
      <ul className="radar-keys">
        {units.map((u, k) => (
          <li key={u.unit}>
            <svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill={seriesColour(k)} /></svg> {nameOf(u.unit)}
          </li>
        ))}
      </ul>
      <table className="bench-table">
        <thead>
          <tr>
            <th scope="col">{t('bench.indicator')}</th>
            {units.map((u) => <th key={u.unit} scope="col">{nameOf(u.unit)}</th>)}
          </tr>
        </thead>
        <tbody>
          {bench.indicators.map((ind, j) => {
            const c = byId.get(ind.id);
            return (
              <tr key={ind.id} data-indicator={ind.id}>
                <th scope="row">{c?.name ? pick(c.name) : ind.id}</th>
                {units.map((u) => {
                  const v = u.values[j] ?? null;
                  const r = u.ranks[j] ?? null;
                  const period = bench.periods[bench.units.indexOf(u)]?.[j] ?? null;
                  return (
                    <td key={u.unit} data-rank={r ?? ''} title={period ? t('bench.period', { period }) : undefined}>
                      {v === null ? '–' : formatValue(v, number)} {r !== null && <span className="rank">#{r}</span>}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">{t('bench.note')}</p>
    </div>
  );
}
