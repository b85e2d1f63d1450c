// A layer's records counted and added up per group: for a layer of households the only view most
// roles get, for others a quick table. Withheld groups (fewer records than the workspace's minimum,
// and those withheld with them) show as withheld, never as a number.

import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { LayerItem } from '../api/layers.ts';
import { fetchSummary } from '../api/participation.ts';
import type { LayerSummaryTable } from '../api/participation.ts';
import { isAbort } from '../api/http.ts';
import { useI18n } from '../i18n.tsx';
import { isNumeric, kindAttributes } from '../kinds.ts';
import { ErrorNote } from './ErrorNote.tsx';

export function LayerSummary({ ws, layer }: { ws: string; layer: LayerItem }): ReactNode {
  const { t, lang } = useI18n();
  const attrs = useMemo(() => kindAttributes(layer.kind).filter((a) => !a.personal), [layer.kind]);
  const groupable = attrs.filter((a) => a.type === 'string' || a.type === 'integer' || a.type === 'boolean');
  // The kind's numeric attributes other than years, which add up to nothing meaningful.
  const sums = useMemo(() => attrs.filter((a) => isNumeric(a) && a.name !== 'year').map((a) => a.name), [attrs]);
  const [by, setBy] = useState(groupable.find((a) => a.name === 'unit_code')?.name ?? groupable[0]?.name ?? '');
  const [table, setTable] = useState<LayerSummaryTable | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!by) return undefined;
    const ctl = new AbortController();
    setTable(null);
    setError(null);
    fetchSummary(ws, layer.layer_id, by, sums.filter((s) => s !== by), ctl.signal).then(setTable, (e: unknown) => {
      if (!isAbort(e)) setError(e);
    });
    return () => ctl.abort();
  }, [ws, layer.layer_id, layer.current_version, by, sums]);

  if (groupable.length === 0) return null;
  const num = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
  const label = (name: string): string => attrs.find((a) => a.name === name)?.[lang] ?? name;
  return (
    <section className="layer-summary" aria-label={t('summary.title', { title: layer.title })}>
      <h4>{t('summary.heading')}</h4>
      <label className="field inline">
        <span>{t('summary.by')}</span>
        <select value={by} onChange={(e) => setBy(e.target.value)}>
          {groupable.map((a) => <option key={a.name} value={a.name}>{a[lang]}</option>)}
        </select>
      </label>
      {error !== null && <ErrorNote error={error} />}
      {!table && error === null && <p className="muted" role="status">{t('loading')}</p>}
      {table && (
        <>
          {table.suppression.applied && <p className="muted">{t('summary.suppressed_note', { k: table.suppression.min_group_size })}</p>}
          <div className="summary-scroll">
            <table className="summary-table">
              <thead>
                <tr>
                  <th scope="col">{label(by)}</th>
                  <th scope="col" className="num">{t('summary.records')}</th>
                  {table.sums.map((s) => <th key={s} scope="col" className="num">{label(s)}</th>)}
                </tr>
              </thead>
              <tbody>
                {table.groups.map((g) => (
                  <tr key={g.key ?? '∅'} className={g.suppressed ? 'withheld' : undefined}>
                    <th scope="row">{g.key ?? t('summary.no_value')}</th>
                    {g.count === null
                      ? <td className="withheld-cell" colSpan={1 + table.sums.length} title={t(g.suppressed === 'primary' ? 'summary.withheld_primary' : 'summary.withheld_secondary', { k: table.suppression.min_group_size })}>{t('summary.withheld')}</td>
                      : (
                        <>
                          <td className="num">{num.format(g.count)}</td>
                          {table.sums.map((s) => <td key={s} className="num">{num.format(g.sums?.[s] ?? 0)}</td>)}
                        </>
                      )}
                  </tr>
                ))}
              </tbody>
              {table.total && (
                <tfoot>
                  <tr>
                    <th scope="row">{t('summary.total')}</th>
                    <td className="num">{num.format(table.total.count)}</td>
                    {table.sums.map((s) => <td key={s} className="num">{num.format(table.total?.sums[s] ?? 0)}</td>)}
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
    </section>
  );
}
