// The import dialog: the form, then the upload and the job's progress, then the validation report
// (what was imported, what was rejected and why) or the coded error in the current language.

import { useState } from 'react';
import type { ReactNode } from 'react';
import type { FeatureProblem } from '../api/http.ts';
import type { ImportReport, Progress } from '../api/imports.ts';
import { useI18n } from '../i18n.tsx';
import { kindLabel } from '../kinds.ts';
import type { MessageKey } from '../messages.ts';
import type { ImportState } from '../state/use-import.ts';
import { DEFAULT_CRS } from './CrsSelect.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { ImportForm } from './ImportForm.tsx';
import type { FormValues } from './ImportForm.tsx';
import type { ImportRequest } from '../api/imports.ts';

const EMPTY: FormValues = { files: [], kind: '', name: '', crs: DEFAULT_CRS, onInvalid: 'reject', licence: '', encoding: '' };
const PHASES = ['upload', 'read', 'check', 'write', 'done'] as const;
/** Long lists stay readable; the full list is in the layer version's stored report. */
const MAX_ROWS = 200;

/** Sending takes the first tenth of the bar, the job the rest (its fraction is over the whole job). */
function overall(p: Progress): number {
  return p.phase === 'upload' ? 0.1 * p.fraction : 0.1 + 0.9 * p.fraction;
}

function ProgressView({ files, progress }: { files: string[]; progress: Progress }): ReactNode {
  const { t } = useI18n();
  const phase = (PHASES as readonly string[]).includes(progress.phase) ? t(`import.phase.${progress.phase}` as MessageKey) : progress.phase;
  const pct = Math.round(overall(progress) * 100);
  return (
    <div className="import-progress">
      <p className="mono">{files.join(', ')}</p>
      <div className="progress-label"><span>{phase}</span><span>{pct}%</span></div>
      <progress max={100} value={pct} aria-label={t('import.progress')} aria-valuetext={`${phase} ${pct}%`} />
    </div>
  );
}

function ProblemList({ title, rows }: { title: string; rows: readonly FeatureProblem[] }): ReactNode {
  const { t, number } = useI18n();
  if (rows.length === 0) return null;
  return (
    <section className="problems">
      <h3>{title} <span className="muted">({number(rows.length)})</span></h3>
      <div className="problems-scroll">
        <table className="data-table compact">
          <thead><tr><th scope="col">{t('import.feature')}</th><th scope="col">{t('import.reason')}</th></tr></thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((r, i) => (
              <tr key={`${r.id}:${i}`}><td className="mono">{r.id}</td><td>{r.reason ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > MAX_ROWS && <p className="muted">{t('import.more_rows', { n: number(rows.length - MAX_ROWS) })}</p>}
    </section>
  );
}

function ReportView({ report }: { report: ImportReport }): ReactNode {
  const { t, number, lang } = useI18n();
  const features = report.layers.flatMap((l) => l.features);
  return (
    <div className="import-report" data-testid="import-report">
      <p className="report-summary" role="status">
        <strong>{t('import.done')}:</strong> {t('import.summary', { imported: number(report.imported), rejected: number(report.rejected) })}
      </p>
      <ul className="report-layers">
        {report.layers.map((l) => (
          <li key={l.layer} data-layer={l.layer}>
            <div><strong>{l.layer}</strong> · {kindLabel(l.kind, lang)} · {t('import.new_version', { v: l.version })}</div>
            <div className="muted">{t('import.layer_line', { imported: number(l.imported), total: number(l.total), rejected: number(l.rejected), repaired: number(l.repaired) })}</div>
            <div className="muted" title={l.source_crs_reason}>{t('import.crs_used', { crs: l.source_crs })} — {l.source_crs_reason}</div>
          </li>
        ))}
      </ul>
      {report.notes.length > 0 && <ul className="report-notes">{report.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul>}
      <ProblemList title={t('import.rejected_list')} rows={features.filter((f) => !f.valid)} />
      <ProblemList title={t('import.repaired_list')} rows={features.filter((f) => f.valid && f.repaired)} />
    </div>
  );
}

export function ImportDialog({ ws, state, onStart, onReset, onShow, onClose }: {
  ws: string;
  state: ImportState;
  onStart(req: ImportRequest): void;
  onReset(): void;
  onShow(r: ImportReport): void;
  onClose(): void;
}): ReactNode {
  const { t } = useI18n();
  const [values, setValues] = useState<FormValues>(EMPTY);
  const start = (v: FormValues, crs: string): void =>
    onStart({ files: v.files, kind: v.kind, name: v.name, crs, onInvalid: v.onInvalid, licence: v.licence, encoding: v.encoding });
  const again = (): void => {
    setValues(EMPTY);
    onReset();
  };
  const footer = state.step === 'done' ? (
    <>
      <button type="button" className="button" onClick={again}>{t('import.again')}</button>
      <button type="button" className="button primary" onClick={() => onShow(state.report)}>{t('import.show')}</button>
    </>
  ) : state.step === 'failed' ? (
    <>
      <button type="button" className="button" onClick={onClose}>{t('dialog.close')}</button>
      <button type="button" className="button primary" onClick={onReset}>{t('import.retry')}</button>
    </>
  ) : undefined;
  return (
    <Dialog title={t('import.title')} subtitle={t('import.into', { ws })} onClose={onClose} footer={footer} step={state.step} wide>
      {state.step === 'form' && <ImportForm values={values} onChange={setValues} onSubmit={start} onCancel={onClose} />}
      {state.step === 'running' && <ProgressView files={state.files} progress={state.progress} />}
      {state.step === 'done' && <ReportView report={state.report} />}
      {state.step === 'failed' && (
        <div className="import-failed">
          <ErrorNote error={state.error} title={t('import.failed')} />
          <ProblemList title={t('import.rejected_list')} rows={state.error.features.filter((f) => !f.valid)} />
        </div>
      )}
    </Dialog>
  );
}
