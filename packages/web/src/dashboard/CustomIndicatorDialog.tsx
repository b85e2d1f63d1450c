// Adding a workspace's own indicator (id custom:<slug>) in the catalogs' schema: names in both
// languages, unit, direction, an optional dimension, and the source that defines it. The server
// checks it with the catalogs' validator and answers a coded error naming the field at fault.

import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { fetchOk, seg } from '../api/http.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useI18n } from '../i18n.tsx';

const FIELDS = ['slug', 'name_en', 'name_vi', 'unit', 'dimension_en', 'dimension_vi', 'source_title', 'source_publisher', 'source_year'] as const;
type Field = (typeof FIELDS)[number];

/** The entry as the schema wants it; optional parts are left out when empty. */
export function customEntry(v: Record<Field, string>, direction: string): Record<string, unknown> {
  const slug = v.slug.trim();
  const year = v.source_year.trim();
  return {
    id: `custom:${slug}`, framework: 'custom', code: slug,
    name: { en: v.name_en.trim(), vi: v.name_vi.trim() },
    unit: v.unit.trim() || null,
    direction: direction === '1' ? 1 : direction === '-1' ? -1 : null,
    ...(v.dimension_en.trim() && v.dimension_vi.trim() ? { dimension: { en: v.dimension_en.trim(), vi: v.dimension_vi.trim() } } : {}),
    source: { title: v.source_title.trim(), publisher: v.source_publisher.trim(), year: year ? Number(year) : null },
  };
}

export function CustomIndicatorDialog({ ws, onClose, onAdded }: { ws: string; onClose(): void; onAdded(id: string): void }): ReactNode {
  const { t } = useI18n();
  const [v, setV] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>);
  const [direction, setDirection] = useState('1');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = (f: Field, required: boolean, extra: Record<string, string | number> = {}): ReactNode => (
    <label className="field">
      <span>{t(`custom.${f}`)}{required ? ' *' : ''}</span>
      <input name={f} value={v[f]} required={required} onChange={(e) => setV({ ...v, [f]: e.target.value })} {...extra} />
    </label>
  );
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const entry = customEntry(v, direction);
      await fetchOk(`/api/workspaces/${seg(ws)}/indicators`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry) });
      onAdded(String(entry.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('custom.title')} subtitle={t('custom.subtitle')} onClose={onClose}
      footer={<button type="submit" form="custom-indicator" className="button primary" disabled={busy}>{t('custom.add')}</button>}>
      <form id="custom-indicator" className="custom-form" onSubmit={(e) => void submit(e)}>
        {input('slug', true, { pattern: '[a-z0-9][a-z0-9_\\-]{0,62}', title: t('custom.slug_rule') })}
        {input('name_en', true)}
        {input('name_vi', true)}
        {input('unit', false)}
        <label className="field">
          <span>{t('custom.direction')}</span>
          <select name="direction" value={direction} onChange={(e) => setDirection(e.target.value)}>
            <option value="1">{t('idx.higher_better')}</option>
            <option value="-1">{t('idx.lower_better')}</option>
            <option value="">{t('custom.no_direction')}</option>
          </select>
        </label>
        {input('dimension_en', false)}
        {input('dimension_vi', false)}
        {input('source_title', true)}
        {input('source_publisher', true)}
        {input('source_year', false, { inputMode: 'numeric', pattern: '(19|20)[0-9]{2}|2100' })}
        {error !== null && <ErrorNote error={error} />}
      </form>
    </Dialog>
  );
}
