// The index builder: the spec's main choices as controls (imputation, screening threshold, outlier
// treatment, normalisation, weights, aggregation) and the whole spec as JSON for everything else.
// Every change is previewed on the server (POST index-preview, nothing stored) and the ranking beside
// it follows; "Save and build" stores the spec and a new result.

import { useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { AGGREGATE_METHODS, findStep, imputeStep, IMPUTE_METHODS, NORMALISE_METHODS, normaliseStep, setParam, WEIGHT_METHODS, withStep } from './spec-edit.ts';
import type { SpecObj } from './spec-edit.ts';

export function Builder({ spec, groups, busy, dirty, onChange, onSave, onReset }: {
  spec: SpecObj;
  /** Group columns of the dataset, for the *_by_group imputations. */
  groups: readonly string[];
  busy: boolean;
  dirty: boolean;
  onChange(spec: SpecObj): void;
  onSave(): void;
  onReset(): void;
}): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [screenText, setScreenText] = useState<string | null>(null);
  const impute = findStep(spec, 'impute');
  const screen = findStep(spec, 'screen');
  const treat = findStep(spec, 'treat');
  const norm = findStep(spec, 'normalise');
  const weight = findStep(spec, 'weight');
  const agg = findStep(spec, 'aggregate');
  const shownText = text ?? JSON.stringify(spec, null, 2);

  const change = (next: SpecObj): void => {
    setText(null);
    setJsonError(null);
    onChange(next);
  };

  return (
    <form className="builder" aria-label={t('idx.builder')} onSubmit={(e) => {
      e.preventDefault();
      onSave();
    }}>
      <label>
        <span>{t('idx.b.impute')}</span>
        <select data-testid="b-impute" value={String(impute?.method ?? 'none')}
          onChange={(e) => change(e.target.value === 'none' && !impute ? spec : withStep(spec, 'impute', imputeStep(e.target.value, impute, groups)))}>
          {IMPUTE_METHODS.map((m) => <option key={m} value={m}>{t(`idx.m.${m}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('idx.b.screen')}</span>
        <input data-testid="b-screen" type="number" min={0} max={1} step={0.05}
          value={screenText ?? (typeof screen?.minAvailability === 'number' ? screen.minAvailability : 0)}
          onBlur={() => setScreenText(null)}
          onChange={(e) => {
            // What is being typed ("0.") stays as typed; the spec changes once it reads as a share.
            setScreenText(e.target.value);
            const v = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 1) {
              const next = v === 0 ? withStep(spec, 'screen', null) : setParam(spec, 'screen', 'minAvailability', v);
              setText(null);
              setJsonError(null);
              onChange(next);
            }
          }} />
      </label>
      <label className="check">
        <input data-testid="b-treat" type="checkbox" checked={treat !== undefined && treat.method !== 'none'}
          onChange={(e) => change(withStep(spec, 'treat', e.target.checked ? { step: 'treat', method: 'winsorise', winMax: 5, skewThreshold: 2, kurtThreshold: 3.5, fallback: 'log' } : null))} />
        <span>{t('idx.b.treat')}</span>
      </label>
      <label>
        <span>{t('idx.b.normalise')}</span>
        <select data-testid="b-normalise" value={String(norm?.method ?? 'minmax')} onChange={(e) => change(withStep(spec, 'normalise', normaliseStep(e.target.value, norm)))}>
          {NORMALISE_METHODS.map((m) => <option key={m} value={m}>{t(`idx.m.${m}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('idx.b.weight')}</span>
        <select data-testid="b-weight" value={String(weight?.method ?? 'given')} onChange={(e) => change(e.target.value === 'given' ? withStep(spec, 'weight', null) : withStep(spec, 'weight', { step: 'weight', method: e.target.value }))}>
          {WEIGHT_METHODS.map((m) => <option key={m} value={m}>{t(`idx.m.${m}`)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('idx.b.aggregate')}</span>
        <select data-testid="b-aggregate" value={String(agg?.method ?? 'arithmetic')} onChange={(e) => change(setParam(spec, 'aggregate', 'method', e.target.value))}>
          {AGGREGATE_METHODS.map((m) => <option key={m} value={m}>{t(`idx.m.${m}`)}</option>)}
        </select>
      </label>
      <details className="builder-json">
        <summary>{t('idx.b.json')}</summary>
        <textarea data-testid="b-json" spellCheck={false} rows={14} value={shownText} aria-invalid={jsonError !== null}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value) as unknown;
              if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { steps?: unknown }).steps)) throw new Error(t('idx.b.json_steps'));
              setJsonError(null);
              onChange(parsed as SpecObj);
            } catch (err) {
              setJsonError((err as Error).message);
            }
          }} />
        {jsonError && <p className="error-note" role="alert">{jsonError}</p>}
      </details>
      <div className="builder-actions">
        <button type="button" className="button small" onClick={() => {
          setText(null);
          setJsonError(null);
          onReset();
        }} disabled={!dirty || busy}>{t('idx.b.reset')}</button>
        <button type="submit" className="button small primary" disabled={!dirty || busy}>{t('idx.b.save')}</button>
      </div>
    </form>
  );
}
