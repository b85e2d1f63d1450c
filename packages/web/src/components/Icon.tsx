// The few line icons the page uses, drawn inline so they follow the text colour and need no font.

import type { ReactNode } from 'react';

const PATHS = {
  layers: 'M10 2.5 2 6.5l8 4 8-4-8-4ZM2 10l8 4 8-4M2 13.5l8 4 8-4',
  table: 'M2.5 3.5h15v13h-15zM2.5 7.5h15M2.5 11.5h15M7.5 7.5v9',
  upload: 'M10 13V3M6 7l4-4 4 4M3 13v3.5h14V13',
  download: 'M10 3v10M6 9l4 4 4-4M3 13v3.5h14V13',
  settings: 'M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6ZM10 1.8v2.4M10 15.8v2.4M1.8 10h2.4M15.8 10h2.4M4.2 4.2l1.7 1.7M14.1 14.1l1.7 1.7M4.2 15.8l1.7-1.7M14.1 5.9l1.7-1.7',
  chevron: 'M7 5l5 5-5 5',
  close: 'M5 5l10 10M15 5 5 15',
  zoom: 'M8.5 3.5a5 5 0 1 0 0 10 5 5 0 0 0 0-10ZM12.2 12.2l4.3 4.3M6.5 8.5h4M8.5 6.5v4',
  first: 'M5 5v10M15 5l-5 5 5 5',
  prev: 'M12 5l-5 5 5 5',
  next: 'M8 5l5 5-5 5',
  last: 'M15 5v10M5 5l5 5-5 5',
  filter: 'M3 4h14l-5.5 6.5V16l-3-1.5v-4z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }): ReactNode {
  return (
    <svg className="ui-icon" viewBox="0 0 20 20" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
