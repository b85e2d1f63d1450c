// The indicator dashboard of a workspace: where it stands (cards with value, target, status, trend,
// quality and provenance), where within it (the selected indicator by unit on a map), and how it
// compares (a radar and table beside the other workspaces). The hash keeps the workspace and the
// selected indicator: /dashboard#ws=hcmc&ind=dothi:green_space_share.

import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { fetchCatalog, fetchCustomIndicators, fetchLatestRuns, fetchObservations, fetchProgress, WHOLE } from '../api/monitoring.ts';
import type { CatalogEntry } from '../api/monitoring.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useI18n } from '../i18n.tsx';
import { readHashParams, writeHashParams } from '../pages.ts';
import { useWorkspace } from '../state/use-workspace.ts';
import { BenchmarkPanel } from './BenchmarkPanel.tsx';
import { buildCards, statusCounts } from './cards.ts';
import type { Card } from './cards.ts';
import { ChoroplethMap } from './ChoroplethMap.tsx';
import { CustomIndicatorDialog } from './CustomIndicatorDialog.tsx';
import { RecordDialog } from './RecordDialog.tsx';
import { IndicatorCard } from './IndicatorCard.tsx';

let catalogOnce: Promise<CatalogEntry[]> | null = null;

export function DashboardPage(): ReactNode {
  const { t, pick } = useI18n();
  const initial = useMemo(() => readHashParams(window.location.hash), []);
  const space = useWorkspace(initial.get('ws') ?? null);
  const ws = space.ws;
  const [cards, setCards] = useState<Card[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(initial.get('ind') ?? null);
  const [adding, setAdding] = useState(false);
  const [recording, setRecording] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setCards(null);
    setError(null);
    if (!ws) return;
    const ctl = new AbortController();
    // Read once per page; a failed read is tried again on the next workspace.
    catalogOnce ??= fetchCatalog().catch((e: unknown) => {
      catalogOnce = null;
      throw e;
    });
    Promise.all([catalogOnce, fetchCustomIndicators(ws, ctl.signal), fetchProgress(ws, WHOLE, ctl.signal), fetchObservations(ws, { unit: WHOLE }, ctl.signal), fetchLatestRuns(ws, ctl.signal)])
      .then(([catalog, custom, progress, obs, runs]) => setCards(buildCards([...catalog, ...custom], progress, obs, runs, custom.map((c) => c.id))), (e: unknown) => {
        if (!ctl.signal.aborted) setError(e);
      });
    return () => ctl.abort();
  }, [ws, reload]);

  // The first indicator with values by unit, unless the link named one.
  const shown = cards?.find((c) => c.id === selected && c.run) ?? cards?.find((c) => c.run && c.run.values.some((v) => v.value !== null)) ?? null;
  useEffect(() => writeHashParams([['ws', ws], ['ind', shown?.id ?? null]]), [ws, shown?.id]);

  const groups = useMemo(() => {
    const m = new Map<string, { label: string; cards: Card[] }>();
    for (const c of cards ?? []) {
      const key = c.dimension?.en ?? '';
      if (!m.has(key)) m.set(key, { label: c.dimension ? pick(c.dimension) : t('dash.other'), cards: [] });
      m.get(key)!.cards.push(c);
    }
    return [...m.values()];
  }, [cards, pick, t]);

  return (
    <div className="app page">
      <PageHeader page="dashboard" space={space} />
      {(space.error ?? error) !== null && <ErrorNote error={space.error ?? error} banner />}
      <main className="dash">
        <section className="dash-cards" aria-label={t('dash.indicators')}>
          <div className="dash-head">
            <h2>{t('dash.indicators')}</h2>
            <button type="button" className="button small" onClick={() => setAdding(true)} disabled={!ws}>{t('dash.add')}</button>
            <button type="button" className="button small" onClick={() => setRecording(true)} disabled={!ws || !cards?.length}>{t('dash.record')}</button>
            {cards && (
              <p className="dash-summary" aria-live="polite">
                {statusCounts(cards).map((s) => <span key={s.status} className={`status status-${s.status}`}>{t(`status.${s.status === 'no_status' ? 'none' : s.status}`)} {s.count}</span>)}
              </p>
            )}
          </div>
          {!cards && !error && <div className="progress-line" role="progressbar" aria-label={t('loading')} />}
          {cards && cards.length === 0 && <p className="empty">{t('dash.empty')}</p>}
          {groups.map((g) => (
            <section key={g.label} className="dash-group">
              <h3>{g.label}</h3>
              <div className="card-grid">
                {g.cards.map((c) => <IndicatorCard key={c.id} card={c} selected={c.id === shown?.id} onSelect={() => setSelected(c.id)} />)}
              </div>
            </section>
          ))}
        </section>
        <aside className="dash-side">
          <section className="dash-panel" aria-labelledby="dash-map-title">
            <h2 id="dash-map-title">{shown ? (shown.name ? pick(shown.name) : shown.id) : t('dash.map')}</h2>
            {shown?.run && ws ? <ChoroplethMap key={`${ws}/${shown.run.result_id}`} ws={ws} run={shown.run} title={shown.name ? pick(shown.name) : shown.id} /> : <p className="muted">{t('dash.no_map')}</p>}
          </section>
          <section className="dash-panel" aria-labelledby="dash-bench-title">
            <h2 id="dash-bench-title">{t('bench.title')}</h2>
            {ws && cards && space.workspaces && <BenchmarkPanel ws={ws} workspaces={space.workspaces} cards={cards} />}
          </section>
        </aside>
      </main>
      {recording && ws && cards && (
        <RecordDialog ws={ws} cards={cards} initial={shown?.id ?? null} onClose={() => setRecording(false)} onSaved={(id) => {
          setRecording(false);
          setSelected(id);
          setReload((n) => n + 1);
        }} />
      )}
      {adding && ws && (
        <CustomIndicatorDialog ws={ws} onClose={() => setAdding(false)} onAdded={(id) => {
          setAdding(false);
          setSelected(id);
          setReload((r) => r + 1);
        }} />
      )}
    </div>
  );
}
