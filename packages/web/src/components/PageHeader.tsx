// The top bar of the dashboard and index pages: brand, page links, workspace switcher and language.

import { Account } from './Account.tsx';
import type { ReactNode } from 'react';
import type { Page } from '../pages.ts';
import type { WorkspaceState } from '../state/use-workspace.ts';
import { Brand, LanguageSwitch, PageNav, WorkspaceSelect } from './TopBar.tsx';

export function PageHeader({ page, space }: { page: Page; space: WorkspaceState }): ReactNode {
  return (
    <header className="topbar">
      <Brand />
      <PageNav page={page} ws={space.ws} />
      <WorkspaceSelect space={space} />
      <div className="spacer" />
      <Account />
      <LanguageSwitch />
    </header>
  );
}
