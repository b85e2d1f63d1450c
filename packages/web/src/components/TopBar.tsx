// The top bar: brand, page links, workspace switcher, and the page-wide actions (layers drawer on tablets,
// attribute table, import, settings, language).

import { Account } from './Account.tsx';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Lang } from '../messages.ts';
import { pageHref, PAGES } from '../pages.ts';
import type { Page } from '../pages.ts';
import type { WorkspaceState } from '../state/use-workspace.ts';
import { Icon } from './Icon.tsx';

export function LanguageSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  const option = (l: Lang, label: string, full: string): ReactNode => (
    <button type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'on' : ''} onClick={() => setLang(l)} title={full}>
      {label}
    </button>
  );
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {option('vi', 'VI', 'Tiếng Việt')}
      {option('en', 'EN', 'English')}
    </div>
  );
}

export function Brand(): ReactNode {
  const { t } = useI18n();
  return (
    <div className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" />
        <path d="M7 23V13l5-3v13M14 23V8l5 3v12M21 23v-8l4-2v10" />
      </svg>
      <div className="brand-text">
        <div className="brand-name">dothi</div>
        <div className="brand-tagline">{t('app.tagline')}</div>
      </div>
    </div>
  );
}

/** The pages as links that keep the workspace; the current one is marked for assistive technology too. */
export function PageNav({ page, ws }: { page: Page; ws: string | null }): ReactNode {
  const { t } = useI18n();
  return (
    <nav className="page-nav" aria-label={t('nav.label')}>
      {PAGES.map((p) => (
        <a key={p} href={pageHref(p, ws)} aria-current={p === page ? 'page' : undefined} className={p === page ? 'on' : ''}>{t(`nav.${p}`)}</a>
      ))}
    </nav>
  );
}

export function WorkspaceSelect({ space }: { space: Pick<WorkspaceState, 'workspaces' | 'ws' | 'setWs'> }): ReactNode {
  const { t } = useI18n();
  const { workspaces, ws } = space;
  return (
    <label className="ws-switch">
      <span className="ws-label">{t('workspace.label')}</span>
      <select value={ws ?? ''} disabled={!workspaces?.length} onChange={(e) => space.setWs(e.target.value)}>
        {!workspaces?.length && <option value="">{workspaces ? t('workspace.none') : t('loading')}</option>}
        {workspaces?.map((w) => (
          <option key={w.workspace_id} value={w.workspace_id}>{w.name}</option>
        ))}
      </select>
    </label>
  );
}

export function TopBar({ space, narrow, drawerOpen, onDrawer, tableOpen, onTable, onImport, onSettings, importing }: {
  space: WorkspaceState;
  narrow: boolean;
  drawerOpen: boolean;
  onDrawer(): void;
  tableOpen: boolean;
  onTable(): void;
  onImport(): void;
  onSettings(): void;
  importing: boolean;
}): ReactNode {
  const { t } = useI18n();
  const { ws } = space;
  const hasLayers = (space.list?.layers.length ?? 0) > 0;
  return (
    <header className="topbar">
      {narrow && (
        <button type="button" className="tool-button" aria-expanded={drawerOpen} aria-controls="layer-drawer" onClick={onDrawer}>
          <Icon name="layers" />
          <span className="tool-label">{t('top.layers')}</span>
        </button>
      )}
      <Brand />
      <PageNav page="map" ws={space.ws} />
      <WorkspaceSelect space={space} />
      <div className="spacer" />
      <button type="button" className="tool-button" aria-pressed={tableOpen} onClick={onTable} disabled={!hasLayers}>
        <Icon name="table" />
        <span className="tool-label">{t('top.table')}</span>
      </button>
      <button type="button" className={`tool-button primary${importing ? ' busy' : ''}`} onClick={onImport} disabled={!ws}>
        <Icon name="upload" />
        <span className="tool-label">{t('top.import')}</span>
      </button>
      <button type="button" className="tool-button icon-only" onClick={onSettings} aria-label={t('top.settings')} title={t('top.settings')}>
        <Icon name="settings" />
      </button>
      <Account />
      <LanguageSwitch />
    </header>
  );
}
