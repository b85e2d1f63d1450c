// An error in plain words in the current language, with its catalog code for whoever has to look
// it up, and the records it names (an import's rejected features) when it has any.

import type { ReactNode } from 'react';
import { ApiError } from '../api/http.ts';
import { useI18n } from '../i18n.tsx';

export function ErrorNote({ error, banner, title }: { error: unknown; banner?: boolean; title?: string }): ReactNode {
  const { t, pick } = useI18n();
  const api = error instanceof ApiError ? error : null;
  const text = api ? pick(api) : error instanceof Error ? error.message : String(error);
  return (
    <div className={banner ? 'banner' : 'error-note'} role="alert">
      <strong>{title ?? t('error.title')}:</strong> <span className="error-text">{text}</span>
      {api && api.code !== 'NETWORK' && api.code !== 'HTTP' && (
        <span className="error-code" title={t('error.code')}>{api.code}</span>
      )}
    </div>
  );
}
