// How the CLI talks: JSON for machines (--json), aligned tables and translated lines for people,
// coded errors on stderr, and a progress bar on a terminal.

import cliProgress from 'cli-progress';
import { DothiError } from '@dothi/engine';
import type { Lang } from '@dothi/engine';
import { t } from './messages.ts';
import type { MessageKey } from './messages.ts';

export interface Out {
  lang: Lang;
  json: boolean;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export function printJson(out: Out, value: unknown): void {
  out.stdout(JSON.stringify(value, null, 2) + '\n');
}

export function say(out: Out, key: MessageKey, vars: Record<string, string | number> = {}): void {
  out.stdout(t(out.lang, key, vars) + '\n');
}

export function printTable<T extends object>(out: Out, rows: readonly T[], columns: ReadonlyArray<keyof T & string>): void {
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => [...cell(r[c])].length)));
  const line = (vals: string[]): string => vals.map((v, i) => v + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...v].length))).join('  ').trimEnd();
  out.stdout(line([...columns]) + '\n');
  for (const r of rows) out.stdout(line(columns.map((c) => cell(r[c]))) + '\n');
}

interface RejectedList {
  features?: Array<{ id: string; reason?: string }>;
}

/** Prints an error the way the user asked for output; returns the exit code. */
export function reportError(out: Out, e: unknown): number {
  const err = e instanceof DothiError ? e : new DothiError('DOTHI_INTERNAL', { detail: e instanceof Error ? e.stack ?? e.message : String(e) });
  const data = err.data as RejectedList | undefined;
  if (out.json) {
    out.stderr(JSON.stringify({ error: { ...err.toJSON(), ...(data ? { data } : {}) } }, null, 2) + '\n');
  } else {
    out.stderr(`${t(out.lang, 'error')} ${err.code}: ${out.lang === 'vi' ? err.message_vi() : err.message}\n`);
    const features = data?.features ?? [];
    if (features.length > 0) {
      out.stderr(`${t(out.lang, 'rejected_features')}:\n`);
      for (const f of features.slice(0, 20)) out.stderr(`  ${f.id}: ${f.reason ?? ''}\n`);
      if (features.length > 20) out.stderr(`  ${t(out.lang, 'and_more', { n: features.length - 20 })}\n`);
    }
  }
  return err.code === 'DOTHI_USAGE' ? 2 : 1;
}

export type ProgressMode = 'bar' | 'json' | 'none';

export interface Progress {
  update(phase: string, fraction: number): void;
  stop(): void;
}

const PHASE_LABELS: Readonly<Record<string, MessageKey>> = { read: 'phase_read', check: 'phase_check', compute: 'phase_compute', write: 'phase_write', done: 'phase_done', upload: 'phase_upload' };

export function makeProgress(out: Out, mode: ProgressMode): Progress {
  if (mode === 'json') {
    return {
      update: (phase, fraction) => out.stderr(JSON.stringify({ progress: { phase, fraction: Number(fraction.toFixed(4)) } }) + '\n'),
      stop: () => undefined,
    };
  }
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: ' {phase} [{bar}] {percentage}%', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(phase, fraction) {
      const label = t(out.lang, PHASE_LABELS[phase] ?? 'phase_write');
      if (!started) {
        bar.start(100, 0, { phase: label.padEnd(14) });
        started = true;
      }
      bar.update(Math.round(fraction * 100), { phase: label.padEnd(14) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
