// One import at a time, from the dialog's form to the report. It lives above the dialog, so closing
// the dialog does not lose a running import: reopening shows its progress or its outcome.

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../api/http.ts';
import { uploadImport, watchJob } from '../api/imports.ts';
import type { ImportReport, ImportRequest, Progress } from '../api/imports.ts';

export type ImportState =
  | { step: 'form' }
  | { step: 'running'; files: string[]; progress: Progress }
  | { step: 'done'; report: ImportReport }
  | { step: 'failed'; error: ApiError };

export function useImport(ws: string | null, onImported: (r: ImportReport) => void): {
  state: ImportState;
  start(req: ImportRequest): void;
  reset(): void;
} {
  const [state, setState] = useState<ImportState>({ step: 'form' });
  const ctl = useRef<AbortController | null>(null);
  const onImported$ = useRef(onImported);
  onImported$.current = onImported;

  const start = useCallback((req: ImportRequest) => {
    if (!ws) return;
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    const files = req.files.map((f) => f.name);
    const progress = (p: Progress): void => {
      if (!c.signal.aborted) setState({ step: 'running', files, progress: p });
    };
    progress({ phase: 'upload', fraction: 0 });
    uploadImport(ws, req, progress, c.signal)
      .then((accepted) => watchJob(accepted, progress, c.signal))
      .then((report) => {
        if (c.signal.aborted) return;
        setState({ step: 'done', report });
        onImported$.current(report);
      }, (e: unknown) => {
        if (isAbort(e) || c.signal.aborted) return;
        setState({ step: 'failed', error: e instanceof ApiError ? e : ApiError.network(String(e)) });
      });
  }, [ws]);

  // Another workspace: a finished import's report belonged to the last one. A running one is let finish.
  useEffect(() => {
    setState((s) => (s.step === 'running' ? s : { step: 'form' }));
  }, [ws]);

  const reset = useCallback(() => {
    ctl.current?.abort();
    ctl.current = null;
    setState({ step: 'form' });
  }, []);

  return { state, start, reset };
}
