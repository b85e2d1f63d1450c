// Recording what a city knows about an indicator: an observed value for a period (with its source and
// quality flag), or a target for a year. Both go to the workspace as a whole unless a unit code is
// given; the server checks them and answers a coded error naming what is wrong.

import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { fetchOk, seg } from '../api/http.ts';
import { WHOLE } from '../api/monitoring.ts';
import type { Quality } from '../api/monitoring.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useI18n } from '../i18n.tsx';
import type { Card } from './cards.ts';

const QUALITIES: readonly Quality[] = ['measured', 'estimated', 'modelled', 'proxy'];

type What = 'observation' | 'target';

/** The request a filled form makes: its path and body. Empty optional fields are left out. */
export function recordRequest(what: What, v: Record<string, string>): { path: string; body: unknown } {
  const common = { indicator_id: v.indicator ?? '', unit_code: v.unit?.trim() || WHOLE, value: Number(v.value), source: v.source?.trim() || null, note: v.note?.trim() || null };
  if (what === 'observation') {
    return { path: 'observations', body: { observations: [{ ...common, period: (v.period ?? '').trim(), quality: v.quality || null }] } };
  }
  return { path: 'targets', body: { ...common, year: Number(v.year), ...(v.comparator ? { comparator: v.comparator } : {}) } };
}

export function RecordDialog({ ws, cards, initial, onClose, onSaved }: { ws: string; cards: readonly Card[]; initial: string | null; onClose(): void; onSaved(indicator: string): void }): ReactNode {
  const { t, pick } = useI18n();
  const [what, setWhat] = useState<What>('observation');
  const [v, setV] = useState<Record<string, string>>({ indicator: initial ?? cards[0]?.id ?? '', unit: '', period: '', year: '', value: '', quality: 'measured', comparator: '', source: '', note: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = recordRequest(what, v);
      await fetchOk(`/api/workspaces/${seg(ws)}/${r.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.body) });
      onSaved(v.indicator ?? '');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('record.title')} subtitle={t('record.subtitle')} onClose={onClose}
      footer={<button type="submit" form="record-form" className="button primary" disabled={busy}>{t('record.save')}</button>}>
      <form id="record-form" className="custom-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="field">
          <legend>{t('record.what')}</legend>
          <label><input type="radio" name="what" checked={what === 'observation'} onChange={() => setWhat('observation')} /> {t('record.observation')}</label>
          <label><input type="radio" name="what" checked={what === 'target'} onChange={() => setWhat('target')} /> {t('record.target')}</label>
        </fieldset>
        <label className="field">
          <span>{t('record.indicator')} *</span>
          <select name="indicator" value={v.indicator} onChange={set('indicator')} required>
            {cards.map((c) => <option key={c.id} value={c.id}>{c.name ? pick(c.name) : c.id}{c.unit ? ` (${c.unit})` : ''}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('record.unit')}</span>
          <input name="unit" value={v.unit} onChange={set('unit')} placeholder={t('record.unit_whole')} />
        </label>
        {what === 'observation'
          ? (
            <label className="field">
              <span>{t('record.period')} *</span>
              <input name="period" value={v.period} onChange={set('period')} required maxLength={20} placeholder="2024" />
            </label>
          )
          : (
            <label className="field">
              <span>{t('record.year')} *</span>
              <input name="year" value={v.year} onChange={set('year')} required inputMode="numeric" pattern="1[89][0-9]{2}|2[01][0-9]{2}|2200" placeholder="2030" />
            </label>
          )}
        <label className="field">
          <span>{t('record.value')} *</span>
          <input name="value" value={v.value} onChange={set('value')} required inputMode="decimal" pattern="-?[0-9]+([.][0-9]+)?" />
        </label>
        {what === 'observation'
          ? (
            <label className="field">
              <span>{t('record.quality')}</span>
              <select name="quality" value={v.quality} onChange={set('quality')}>
                {QUALITIES.map((q) => <option key={q} value={q}>{t(`quality.${q}`)}</option>)}
              </select>
            </label>
          )
          : (
            <label className="field">
              <span>{t('record.comparator')}</span>
              <select name="comparator" value={v.comparator} onChange={set('comparator')}>
                <option value="">{t('record.comparator_auto')}</option>
                <option value="at_least">{t('record.at_least')}</option>
                <option value="at_most">{t('record.at_most')}</option>
              </select>
            </label>
          )}
        <label className="field">
          <span>{t('record.source')}</span>
          <input name="source" value={v.source} onChange={set('source')} maxLength={2000} />
        </label>
        <label className="field">
          <span>{t('record.note')}</span>
          <input name="note" value={v.note} onChange={set('note')} maxLength={2000} />
        </label>
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}
