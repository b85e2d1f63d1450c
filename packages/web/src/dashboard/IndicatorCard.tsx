// One indicator at a glance: value and unit with its period, the target it is assessed against, the
// progress status, the trend, the quality of the latest value, and where the value came from (the
// recorded source, and for a computed value the calculator and the layer versions it read).

import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { Sparkline } from '../charts/Sparkline.tsx';
import type { Card } from './cards.ts';

/** Four significant digits at most: a dashboard value, not a computation. */
export function formatValue(n: number, format: (n: number) => string): string {
  if (n === 0 || !Number.isFinite(n)) return format(n);
  const digits = Math.max(0, Math.min(3, 3 - Math.floor(Math.log10(Math.abs(n)))));
  return format(Number(n.toFixed(digits)));
}

export function IndicatorCard({ card, selected, onSelect }: { card: Card; selected: boolean; onSelect(): void }): ReactNode {
  const { t, pick, number, date } = useI18n();
  const name = card.name ? pick(card.name) : card.id;
  const unit = card.unit && card.unit !== 'ratio' ? card.unit : '';
  const run = card.run;
  return (
    <article className={`card${selected ? ' selected' : ''}`} data-indicator={card.id} data-status={card.status ?? 'none'} aria-label={name}>
      <button type="button" className="card-select" aria-pressed={selected} onClick={onSelect} title={run ? t('dash.show_map') : undefined}>
        <h3 className="card-name">{name}</h3>
        <div className="card-value">
          <span className="value" data-value={card.value ?? ''}>{card.value === null ? '–' : formatValue(card.value, number)}</span>
          {unit && <span className="unit"> {unit}</span>}
          {card.period && <span className="muted"> · {card.period}</span>}
        </div>
      </button>
      <div className="card-row">
        {card.status ? <span className={`status status-${card.status}`}>{t(`status.${card.status}`)}</span> : <span className="status status-none">{t('status.none')}</span>}
        {card.quality && <span className={`quality quality-${card.quality}`} title={t('dash.quality')}>{t(`quality.${card.quality}`)}</span>}
      </div>
      {card.target && (
        <div className="card-target">
          {t(card.target.comparator === 'at_most' ? 'dash.target_at_most' : 'dash.target_at_least', { value: formatValue(card.target.value, number), unit, year: card.target.year })}
          {card.projection?.value != null && <span className="muted"> · {t('dash.projection', { value: formatValue(card.projection.value, number), year: card.projection.year })}</span>}
        </div>
      )}
      {card.series.length > 0 && (
        <div className="card-trend">
          <Sparkline points={card.series} target={card.target?.value ?? null} label={t('dash.trend', { n: card.series.length, from: card.series[0]!.period, to: card.series[card.series.length - 1]!.period })} />
          <span className="muted">{card.series.length === 1 ? t('dash.one_value') : t('dash.n_values', { n: card.series.length })}</span>
        </div>
      )}
      <details className="card-prov">
        <summary>{t('dash.provenance')}</summary>
        {card.source && <p><span className="muted">{t('dash.source')}:</span> {card.source}</p>}
        {run && (
          <p className="run-prov" data-result={run.result_id}>
            {t('dash.computed', { calculator: run.calculator, version: run.calculator_version, date: date(run.computed_at) })}
            <br />
            {run.inputs.map((i) => `${i.role}: ${i.layerId} v${i.version}`).join(' · ')}
          </p>
        )}
        {!card.source && !run && <p className="muted">{t('dash.no_provenance')}</p>}
      </details>
    </article>
  );
}
