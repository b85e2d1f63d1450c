// The attribute table of one layer, docked under the map: the server sorts, filters and pages (so
// 22,599 buildings cost one page of rows), a row selects its feature and zooms the map to it, and a
// feature selected on the map is marked here (or pinned on top when it is on another page).
// Rows are one tab stop: arrow keys, Home and End move between them, Enter or Space selects.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { featureKey, fetchFeaturePage } from '../api/features.ts';
import type { FeaturePage, GeoFeature, SortKey } from '../api/features.ts';
import { isAbort } from '../api/http.ts';
import type { LayerItem } from '../api/layers.ts';
import { useI18n } from '../i18n.tsx';
import type { Selected } from '../state/use-selection.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { showValue } from './FeatureInspector.tsx';
import { Icon } from './Icon.tsx';
import { tableColumns } from './table-columns.ts';
import type { Column } from './table-columns.ts';
import { TableFilters } from './TableFilters.tsx';

const PAGE_SIZES = [25, 50, 100, 250] as const;

function SortHeader({ col, sort, onSort }: { col: Column; sort: SortKey | null; onSort(s: SortKey | null): void }): ReactNode {
  const { t, pick } = useI18n();
  const label = col.attr ? pick(col.attr) : col.name;
  const dir = sort?.prop === col.name ? (sort.desc ? 'descending' : 'ascending') : 'none';
  // Ascending, then descending, then the import order again.
  const next = (): SortKey | null => (dir === 'none' ? { prop: col.name, desc: false } : dir === 'ascending' ? { prop: col.name, desc: true } : null);
  return (
    <th scope="col" aria-sort={dir} className={col.numeric ? 'num' : ''}>
      <button type="button" className="sort-button" onClick={() => onSort(next())} title={t('table.sort_by', { col: label })}>
        <span className={col.attr ? '' : 'mono'}>{label}</span>
        <span className={`sort-mark sort-${dir}`} aria-hidden="true" />
      </button>
    </th>
  );
}

export function AttributeTable({ ws, layer, layers, selected, onSelect, onLayer, onClose }: {
  ws: string;
  layer: LayerItem;
  layers: readonly LayerItem[];
  selected: Selected | null;
  onSelect(layer: string, f: GeoFeature): void;
  onLayer(layer: string): void;
  onClose(): void;
}): ReactNode {
  const i18n = useI18n();
  const { t, number } = i18n;
  const [size, setSize] = useState<number>(50);
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortKey | null>(null);
  const [filters, setFilters] = useState<ReadonlyMap<string, string>>(new Map());
  const [loaded, setLoaded] = useState<{ query: string; page: FeaturePage | null; error: unknown } | null>(null);
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);

  // The rows shown belong to the query they were read for; until the current one is answered they stay, dimmed.
  const query = JSON.stringify([size, offset, sort, [...filters]]);
  useEffect(() => {
    const ctl = new AbortController();
    fetchFeaturePage(ws, layer.layer_id, {
      limit: size, offset, version: layer.current_version, ...(sort ? { sortby: [sort] } : {}), where: Object.fromEntries(filters),
    }, ctl.signal).then((p) => setLoaded({ query, page: p, error: null }), (e: unknown) => {
      if (!isAbort(e)) setLoaded((l) => ({ query, page: l?.page ?? null, error: e }));
    });
    return () => ctl.abort();
  }, [ws, layer.layer_id, layer.current_version, size, offset, sort, filters, query]);
  const page = loaded?.page ?? null;
  const busy = loaded?.query !== query;
  const error = loaded?.error ?? null;

  const features = page?.features ?? [];
  const columns = useMemo(() => tableColumns(layer.kind, features), [layer.kind, features]);
  const selKey = selected?.ref.layer_id === layer.layer_id ? selected.ref.key : null;
  const selIndex = selKey === null ? -1 : features.findIndex((f) => featureKey(f) === selKey);
  const pinned = selKey !== null && selIndex < 0 && selected?.record ? selected.record : null;
  const rows: Array<{ f: GeoFeature; pinned: boolean }> = [...(pinned ? [{ f: pinned, pinned: true }] : []), ...features.map((f) => ({ f, pinned: false }))];

  // A feature picked on the map: its row becomes the active one and scrolls into view.
  useEffect(() => {
    if (selIndex < 0) return;
    const at = selIndex + (pinned ? 1 : 0);
    setActive(at);
    body.current?.querySelectorAll('tr')[at]?.scrollIntoView({ block: 'nearest' });
  }, [selKey, selIndex, pinned]);

  const matched = page?.numberMatched ?? 0;
  const go = (o: number): void => {
    setOffset(Math.max(0, o));
    setActive(0);
  };
  const lastOffset = Math.max(0, Math.floor((matched - 1) / size) * size);

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, f: GeoFeature): void => {
    const moveTo = (j: number): void => {
      const k = Math.max(0, Math.min(rows.length - 1, j));
      setActive(k);
      body.current?.querySelectorAll<HTMLTableRowElement>('tr')[k]?.focus();
    };
    if (e.key === 'ArrowDown') moveTo(i + 1);
    else if (e.key === 'ArrowUp') moveTo(i - 1);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') onSelect(layer.layer_id, f);
    else return;
    e.preventDefault();
  };

  return (
    <section className="table-dock" aria-labelledby="table-title">
      <header className="table-head">
        <h2 id="table-title">{t('table.title')}</h2>
        <label className="table-layer">
          <span className="visually-hidden">{t('table.layer')}</span>
          <select value={layer.layer_id} onChange={(e) => onLayer(e.target.value)}>
            {layers.map((l) => <option key={l.layer_id} value={l.layer_id}>{l.title}</option>)}
          </select>
        </label>
        <TableFilters columns={columns} filters={filters} onChange={(f) => {
          setFilters(f);
          go(0);
        }} />
        <div className="spacer" />
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('table.close')} title={t('table.close')}>
          <Icon name="close" />
        </button>
      </header>
      {error !== null && <ErrorNote error={error} />}
      <div className={`table-scroll${busy ? ' busy' : ''}`}>
        <table className="data-table" aria-labelledby="table-title" aria-rowcount={matched + 1} aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col" className="mono id-col">{t('inspect.id')}</th>
              {columns.map((c) => <SortHeader key={c.name} col={c} sort={sort} onSort={(s) => {
                setSort(s);
                go(0);
              }} />)}
            </tr>
          </thead>
          <tbody ref={body}>
            {rows.map(({ f, pinned: isPinned }, i) => {
              const key = featureKey(f);
              return (
                <tr key={`${isPinned ? 'pin:' : ''}${key}:${i}`} tabIndex={i === Math.min(active, rows.length - 1) ? 0 : -1}
                  aria-selected={key === selKey} className={isPinned ? 'pinned' : ''} data-key={key}
                  aria-rowindex={isPinned ? undefined : offset + i - (pinned ? 1 : 0) + 2}
                  onClick={() => {
                    setActive(i);
                    onSelect(layer.layer_id, f);
                  }} onKeyDown={(e) => onRowKey(e, i, f)} onFocus={() => setActive(i)}>
                  <td className="mono id-col" title={isPinned ? t('table.pinned') : undefined}>{isPinned && <span className="pin" aria-label={t('table.pinned')}>◆ </span>}{key}</td>
                  {columns.map((c) => (
                    <td key={c.name} className={c.numeric ? 'num' : ''}>{showValue(f.properties?.[c.name], i18n, c.attr ?? undefined)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {!busy && matched === 0 && <p className="empty">{t('table.none')}</p>}
      </div>
      <footer className="table-foot">
        <span className="muted table-hint">{t('table.hint')}</span>
        <div className="spacer" />
        <label className="page-size">
          {t('table.page_size')}
          <select value={size} onChange={(e) => {
            setSize(Number(e.target.value));
            go(0);
          }}>
            {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <span className="table-range" aria-live="polite">
          {matched > 0 ? t('table.range', { from: number(offset + 1), to: number(Math.min(offset + size, matched)), total: number(matched) }) : ''}
        </span>
        <div className="pager" role="group">
          <button type="button" className="icon-button" disabled={offset === 0} onClick={() => go(0)} aria-label={t('table.first')} title={t('table.first')}><Icon name="first" /></button>
          <button type="button" className="icon-button" disabled={offset === 0} onClick={() => go(offset - size)} aria-label={t('table.prev')} title={t('table.prev')}><Icon name="prev" /></button>
          <button type="button" className="icon-button" disabled={offset + size >= matched} onClick={() => go(offset + size)} aria-label={t('table.next')} title={t('table.next')}><Icon name="next" /></button>
          <button type="button" className="icon-button" disabled={offset >= lastOffset} onClick={() => go(lastOffset)} aria-label={t('table.last')} title={t('table.last')}><Icon name="last" /></button>
        </div>
      </footer>
    </section>
  );
}
