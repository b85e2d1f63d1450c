// The table's filters: property equals value, as the features endpoint takes them, one per attribute.

import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Column } from './table-columns.ts';
import { Icon } from './Icon.tsx';

export function TableFilters({ columns, filters, onChange }: {
  columns: readonly Column[];
  filters: ReadonlyMap<string, string>;
  onChange(next: ReadonlyMap<string, string>): void;
}): ReactNode {
  const { t, pick } = useI18n();
  const id = useId();
  const [attr, setAttr] = useState('');
  const [value, setValue] = useState('');
  const label = (name: string): string => {
    const c = columns.find((x) => x.name === name);
    return c?.attr ? pick(c.attr) : name;
  };
  const chosen = attr || columns[0]?.name || '';
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!chosen || value.trim() === '') return;
    onChange(new Map(filters).set(chosen, value.trim()));
    setValue('');
  };
  return (
    <div className="table-filters">
      <form className="filter-form" onSubmit={submit} aria-label={t('table.filter')}>
        <Icon name="filter" />
        <label className="visually-hidden" htmlFor={`${id}-attr`}>{t('table.filter_attr')}</label>
        <select id={`${id}-attr`} value={chosen} onChange={(e) => setAttr(e.target.value)}>
          {columns.map((c) => <option key={c.name} value={c.name}>{c.attr ? pick(c.attr) : c.name}</option>)}
        </select>
        <label htmlFor={`${id}-value`} className="filter-eq">{t('table.filter_value')}</label>
        <input id={`${id}-value`} type="text" value={value} onChange={(e) => setValue(e.target.value)} size={14} />
        <button type="submit" className="button small" disabled={value.trim() === ''}>{t('table.filter_add')}</button>
      </form>
      {[...filters].map(([k, v]) => (
        <span key={k} className="chip">
          {label(k)} = <strong>{v}</strong>
          <button type="button" onClick={() => {
            const next = new Map(filters);
            next.delete(k);
            onChange(next);
          }} aria-label={t('table.filter_remove', { attr: label(k), value: v })} title={t('table.filter_remove', { attr: label(k), value: v })}>
            <Icon name="close" />
          </button>
        </span>
      ))}
      {filters.size > 1 && <button type="button" className="link-button" onClick={() => onChange(new Map())}>{t('table.filters_clear')}</button>}
    </div>
  );
}
