// Units ranked on the index: score bar, rank, and the Monte Carlo rank interval (5–95 %) with the
// median rank, on one rank axis shared by every row, so a planner sees which ranks are firm and
// which move with the assumptions. A click opens the unit in the drill-down.

import type { ReactNode } from 'react';
import type { IndexUnit } from '../api/indices.ts';
import { useI18n } from '../i18n.tsx';
import { formatValue } from '../dashboard/IndicatorCard.tsx';

const BAR_W = 120;
const AXIS_W = 160;

export function Ranking({ units, code, selected, onSelect, caption }: {
  units: readonly IndexUnit[];
  /** The aggregate ranked (the index itself, or a pillar). */
  code: string;
  selected: string | null;
  onSelect(unit: string): void;
  caption: string;
}): ReactNode {
  const { t, number } = useI18n();
  const rows = units.filter((u) => u.ranks[code] != null).sort((a, b) => (a.ranks[code] as number) - (b.ranks[code] as number) || a.code.localeCompare(b.code));
  const n = rows.length;
  const max = Math.max(...rows.map((u) => u.scores[code] ?? 0), 1e-9);
  const x = (rank: number): number => 4 + ((rank - 1) * (AXIS_W - 8)) / Math.max(n - 1, 1);
  const hasUnc = rows.some((u) => u.uncertainty);
  return (
    <table className="ranking" data-code={code}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('idx.rank')}</th>
          <th scope="col">{t('idx.unit')}</th>
          <th scope="col">{t('idx.score')}</th>
          {hasUnc && <th scope="col">{t('idx.interval')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((u) => {
          const score = u.scores[code] ?? null;
          const unc = u.uncertainty;
          return (
            <tr key={u.code} data-unit={u.code} data-rank={u.ranks[code] ?? ''} data-score={score ?? ''} className={u.code === selected ? 'selected' : ''}
              aria-selected={u.code === selected}>
              <td className="num">{u.ranks[code]}</td>
              <td><button type="button" className="link-button" onClick={() => onSelect(u.code)}>{u.name}</button></td>
              <td className="score-cell">
                <svg width={BAR_W} height={12} aria-hidden="true"><rect className="score-bar" width={score === null ? 0 : Math.max(1, (BAR_W * Math.max(score, 0)) / max)} height={12} rx={2} /></svg>
                <span className="num">{score === null ? '–' : formatValue(score, number)}</span>
              </td>
              {hasUnc && (
                <td data-p05={unc?.p05 ?? ''} data-p95={unc?.p95 ?? ''} data-median={unc?.medianRank ?? ''}>
                  {unc && (
                    <svg width={AXIS_W} height={12} role="img" aria-label={t('idx.interval_label', { p05: unc.p05, p95: unc.p95, median: unc.medianRank })}>
                      <line className="unc-axis" x1={4} x2={AXIS_W - 4} y1={6} y2={6} />
                      <rect className="unc-bar" x={x(unc.p05)} y={2} width={Math.max(2, x(unc.p95) - x(unc.p05))} height={8} rx={2} />
                      <circle className="unc-median" cx={x(unc.medianRank)} cy={6} r={3} />
                    </svg>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
