// Composite indices of a workspace: the latest stored build ranked with its uncertainty, the
// sensitivity of ranks to each assumption, the drill-down from the index to the data, and the builder
// whose every change is previewed. The hash keeps the workspace, unit and level:
// /indices#ws=asem-demo&unit=AUT&node=Conn.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { buildIndex, fetchDatasetGroups, fetchDatasets, fetchIndexResult, fetchIndexResults, fetchSpecs, previewIndex, saveSpec } from '../api/indices.ts';
import type { DatasetSummary, IndexResult, ResultRow } from '../api/indices.ts';
import { isAbort } from '../api/http.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useI18n } from '../i18n.tsx';
import { readHashParams, writeHashParams } from '../pages.ts';
import { useWorkspace } from '../state/use-workspace.ts';
import { Builder } from './Builder.tsx';
import { DrillDown } from './DrillDown.tsx';
import { Ranking } from './Ranking.tsx';
import { asSpec } from './spec-edit.ts';
import type { SpecObj } from './spec-edit.ts';

interface Stored {
  row: ResultRow;
  result: IndexResult;
  spec: SpecObj;
  dataset: DatasetSummary | null;
  groups: string[];
}

const PREVIEW_DELAY_MS = 300;

export function IndexPage(): ReactNode {
  const { t, date } = useI18n();
  const initial = useMemo(() => readHashParams(window.location.hash), []);
  const space = useWorkspace(initial.get('ws') ?? null);
  const ws = space.ws;
  const [stored, setStored] = useState<Stored | null | 'none'>(null);
  const [draft, setDraft] = useState<SpecObj | null>(null);
  const [preview, setPreview] = useState<IndexResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unit, setUnit] = useState<string | null>(initial.get('unit') ?? null);
  const [node, setNode] = useState<string | null>(initial.get('node') ?? null);
  /** The result just built, shown after a save (two builds can share a timestamp, so "newest" could be either). */
  const [built, setBuilt] = useState<string | null>(null);

  useEffect(() => {
    setStored(null);
    setError(null);
    if (!ws) return;
    const ctl = new AbortController();
    (async () => {
      const rows = await fetchIndexResults(ws, ctl.signal);
      const row = rows.find((r) => r.result_id === built) ?? rows[0];
      if (!row) return setStored('none');
      const [full, specs, datasets] = await Promise.all([fetchIndexResult(ws, row.result_id, ctl.signal), fetchSpecs(ws, ctl.signal), fetchDatasets(ws, ctl.signal)]);
      const spec = asSpec(specs.find((s) => s.spec_id === row.spec_id)?.spec) ?? asSpec(full.result.spec) ?? { steps: [] };
      const dataset = datasets.find((d) => d.dataset_id === row.dataset_id) ?? null;
      const groups = dataset ? await fetchDatasetGroups(ws, dataset.dataset_id, ctl.signal) : [];
      setStored({ row, result: full.result, spec, dataset, groups });
      setDraft(spec);
      setPreview(null);
    })().catch((e: unknown) => {
      if (!ctl.signal.aborted) setError(e);
    });
    return () => ctl.abort();
  }, [ws, built]);

  const s = stored !== null && stored !== 'none' ? stored : null;
  const dirty = s !== null && draft !== null && JSON.stringify(draft) !== JSON.stringify(s.spec);

  // Every change is built on the server without storing; the last one asked for wins.
  const seq = useRef(0);
  useEffect(() => {
    if (!s || !ws || !draft || !dirty || !s.row.dataset_id) {
      setPreview(null);
      return;
    }
    const n = ++seq.current;
    const ctl = new AbortController();
    const timer = window.setTimeout(() => {
      setBusy(true);
      previewIndex(ws, s.row.dataset_id as string, draft, ctl.signal).then((r) => {
        if (n === seq.current) {
          setPreview(r);
          setError(null);
        }
      }, (e: unknown) => {
        if (!isAbort(e) && n === seq.current) setError(e);
      }).finally(() => n === seq.current && setBusy(false));
    }, PREVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [ws, s, draft, dirty]);

  const result = preview ?? s?.result ?? null;
  const top = result?.framework.aggregates.find((a) => a.parent === null)?.code ?? null;
  const shownUnit = result?.units.find((u) => u.code === unit)?.code ?? null;
  const shownNode = result && node && (result.framework.aggregates.some((a) => a.code === node) || result.framework.indicators.some((i) => i.code === node)) ? node : top;
  useEffect(() => writeHashParams([['ws', ws], ['unit', shownUnit], ['node', shownUnit && shownNode !== top ? shownNode : null]]), [ws, shownUnit, shownNode, top]);

  const changed = preview && s ? preview.units.filter((u) => top && u.ranks[top] !== s.result.units.find((x) => x.code === u.code)?.ranks[top]).length : 0;

  const save = async (): Promise<void> => {
    if (!s || !ws || !draft || !s.row.spec_id || !s.row.dataset_id) return;
    setBusy(true);
    try {
      await saveSpec(ws, s.row.spec_id, draft);
      const unc = draft.uncertainty ? { replications: s.result.uncertainty?.replications ?? 1000, seed: s.result.uncertainty?.seed ?? 42 } : null;
      setBuilt((await buildIndex(ws, s.row.spec_id, s.row.dataset_id, unc)).result_id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="app page">
      <PageHeader page="indices" space={space} />
      {space.error !== null && <ErrorNote error={space.error} banner />}
      {busy && <div className="progress-line" role="progressbar" aria-label={t('idx.computing')} />}
      <main className="idx" aria-busy={busy}>
        {stored === null && !error && <p className="empty muted">{t('loading')}</p>}
        {stored === 'none' && <p className="empty">{t('idx.none')}</p>}
        {s && result && top && (
          <>
            <section className="idx-rank" aria-labelledby="idx-title">
              <div className="dash-head">
                <h2 id="idx-title">{result.framework.aggregates.find((a) => a.code === top)?.name ?? top}</h2>
                <p className="muted" data-state={preview ? 'preview' : 'stored'}>
                  {preview
                    ? t('idx.preview', { n: changed })
                    : t('idx.stored', { date: date(s.row.computed_at), spec: s.row.spec_id ?? '–', hash: s.row.spec_hash.slice(0, 12) })}
                </p>
              </div>
              {error !== null && <ErrorNote error={error} />}
              <Ranking units={result.units} code={top} selected={shownUnit} caption={t('idx.ranking')} onSelect={(u) => {
                setUnit(u);
                setNode(top);
              }} />
              {!preview && s.result.uncertainty && (
                <p className="muted">{t('idx.unc_note', { n: s.result.uncertainty.replications, seed: s.result.uncertainty.seed })}</p>
              )}
            </section>
            <aside className="idx-side">
              <section className="dash-panel" aria-labelledby="idx-drill-title">
                <h2 id="idx-drill-title">{t('idx.drill')}</h2>
                {shownUnit && shownNode ? (
                  <DrillDown result={result} unit={shownUnit} node={shownNode} dataset={s.dataset} onNode={setNode} />
                ) : (
                  <p className="muted">{t('idx.drill_hint')}</p>
                )}
              </section>
              {!preview && s.result.uncertainty && s.result.uncertainty.sensitivity.length > 0 && (
                <section className="dash-panel" aria-labelledby="idx-sens-title">
                  <h2 id="idx-sens-title">{t('idx.sensitivity')}</h2>
                  <table className="sens">
                    <thead><tr><th scope="col">{t('idx.assumption')}</th><th scope="col">{t('idx.first')}</th><th scope="col">{t('idx.total')}</th></tr></thead>
                    <tbody>
                      {s.result.uncertainty.sensitivity.map((f) => (
                        <tr key={f.factor} data-factor={f.factor}>
                          <th scope="row">{t(f.factor === 'weights' ? 'idx.f.weights' : f.factor === 'normalisation' ? 'idx.f.normalisation' : 'idx.f.aggregation')}</th>
                          <td><Bar v={f.first} /></td>
                          <td><Bar v={f.total} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <p className="muted">{t('idx.sens_note')}</p>
                </section>
              )}
              <section className="dash-panel" aria-labelledby="idx-builder-title">
                <h2 id="idx-builder-title">{t('idx.builder')}</h2>
                {draft && <Builder spec={draft} groups={s.groups} busy={busy} dirty={dirty} onChange={setDraft} onSave={() => void save()} onReset={() => setDraft(s.spec)} />}
              </section>
            </aside>
          </>
        )}
      </main>
    </div>
  );
}

function Bar({ v }: { v: number }): ReactNode {
  const w = Math.max(0, Math.min(1, v)) * 100;
  return (
    <span className="sens-cell">
      <svg width={100} height={10} aria-hidden="true"><rect className="sens-bar" width={w} height={10} rx={2} /></svg>
      <span className="num">{v.toFixed(2)}</span>
    </span>
  );
}
