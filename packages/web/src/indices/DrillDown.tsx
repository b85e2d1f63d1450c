// From the index down to the data: a unit's score at a level, the scores of the level's children with
// their weights, and at an indicator its value through every step (raw, denominated, imputed,
// screened, treated, normalised), what the log says each step did to it, and where the data came from.

import type { ReactNode } from 'react';
import type { DatasetSummary, IndexResult } from '../api/indices.ts';
import { useI18n } from '../i18n.tsx';
import { formatValue } from '../dashboard/IndicatorCard.tsx';

const TABLE_KEYS = {
  raw: 'idx.table.raw', denominated: 'idx.table.denominated', imputed: 'idx.table.imputed', screened: 'idx.table.screened',
  treated: 'idx.table.treated', normalised: 'idx.table.normalised',
} as const;

export function DrillDown({ result, unit, node, dataset, onNode }: {
  result: IndexResult;
  unit: string;
  node: string;
  dataset: DatasetSummary | null;
  onNode(code: string): void;
}): ReactNode {
  const { t, number } = useI18n();
  const fw = result.framework;
  const u = result.units.find((x) => x.code === unit);
  if (!u) return null;
  const agg = fw.aggregates.find((a) => a.code === node);
  const ind = fw.indicators.find((i) => i.code === node);
  const parentOf = (code: string): string | null => fw.aggregates.find((a) => a.code === code)?.parent ?? fw.indicators.find((i) => i.code === code)?.parent ?? null;
  const path: string[] = [];
  for (let c: string | null = node; c; c = parentOf(c)) path.unshift(c);
  const nameOf = (code: string): string => fw.aggregates.find((a) => a.code === code)?.name ?? fw.indicators.find((i) => i.code === code)?.name ?? code;
  const fmt = (v: number | string | null | undefined): string => (typeof v === 'number' ? formatValue(v, number) : v == null ? '–' : String(v));
  const normalised = result.tables.find((x) => x.name === 'normalised')?.rows.find((r) => r.uCode === unit);

  return (
    <div className="drill" data-unit={unit} data-node={node}>
      <nav className="crumbs" aria-label={t('idx.path')}>
        <span className="crumb-unit">{u.name}</span>
        {path.map((c) => (
          <span key={c}> › {c === node ? <strong>{nameOf(c)}</strong> : <button type="button" className="link-button" onClick={() => onNode(c)}>{nameOf(c)}</button>}</span>
        ))}
      </nav>
      {agg && (
        <>
          <p className="drill-score">
            {t('idx.score')}: <strong data-score={u.scores[node] ?? ''}>{fmt(u.scores[node])}</strong> · {t('idx.rank')} {u.ranks[node] ?? '–'} / {result.units.length}
          </p>
          <table className="drill-children">
            <thead>
              <tr><th scope="col">{t('idx.component')}</th><th scope="col">{t('idx.weight')}</th><th scope="col">{t('idx.score')}</th><th scope="col">{t('idx.rank')}</th></tr>
            </thead>
            <tbody>
              {fw.aggregates.filter((a) => a.parent === node).map((a) => (
                <tr key={a.code} data-code={a.code}>
                  <th scope="row"><button type="button" className="link-button" onClick={() => onNode(a.code)}>{a.name}</button></th>
                  <td className="num">{fmt(a.weight)}</td>
                  <td className="num">{fmt(u.scores[a.code])}</td>
                  <td className="num">{u.ranks[a.code] ?? '–'}</td>
                </tr>
              ))}
              {fw.indicators.filter((i) => i.parent === node).map((i) => (
                <tr key={i.code} data-code={i.code}>
                  <th scope="row"><button type="button" className="link-button" onClick={() => onNode(i.code)}>{i.name}</button></th>
                  <td className="num">{fmt(i.weight)}</td>
                  <td className="num">{fmt(normalised?.[i.code])}</td>
                  <td className="num">–</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {ind && (
        <>
          <dl className="drill-meta">
            <dt>{t('idx.code')}</dt><dd className="mono">{ind.code}</dd>
            <dt>{t('idx.unit_of_measure')}</dt><dd>{ind.unit ?? '–'}</dd>
            <dt>{t('idx.direction')}</dt><dd>{t(ind.direction === 1 ? 'idx.higher_better' : 'idx.lower_better')}</dd>
            {ind.denominator && <><dt>{t('idx.denominator')}</dt><dd>{ind.denominator}</dd></>}
            <dt>{t('idx.weight')}</dt><dd>{fmt(ind.weight)}</dd>
          </dl>
          <table className="drill-steps">
            <thead><tr><th scope="col">{t('idx.step')}</th><th scope="col">{t('idx.value')}</th></tr></thead>
            <tbody>
              {result.tables.filter((tb) => tb.name !== 'aggregated').map((tb) => {
                const row = tb.rows.find((r) => r.uCode === unit);
                return (
                  <tr key={tb.name} data-table={tb.name}>
                    <th scope="row">{tb.name in TABLE_KEYS ? t(TABLE_KEYS[tb.name as keyof typeof TABLE_KEYS]) : tb.name}</th>
                    <td className="num">{row ? fmt(row[ind.code]) : t('idx.screened_out')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ul className="drill-log">
            {result.log.filter((l) => l.indicator === ind.code && (!l.unit || l.unit === unit)).map((l, k) => (
              <li key={k} data-action={l.action}>
                <span className="mono">{l.step}</span> {l.action}{l.detail ? ` (${l.detail})` : ''}{l.from != null || l.to != null ? `: ${fmt(l.from)} → ${fmt(l.to)}` : ''}
              </li>
            ))}
          </ul>
          {dataset && (
            <p className="drill-prov muted">
              {t('idx.data_from', { name: dataset.name })}
              {dataset.source.publisher ? ` · ${dataset.source.publisher}` : ''}
              {dataset.source.licence ? ` · ${t('prov.licence')}: ${dataset.source.licence}` : ''}
              {dataset.source.files?.idata ? ` · ${dataset.source.files.idata}` : ''}
            </p>
          )}
        </>
      )}
    </div>
  );
}
