// Runs the real `dothi` command in a child process against a store of either backend.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../helpers/stores.ts';
import { openTestStore } from '../helpers/stores.ts';

export const BIN = fileURLToPath(new URL('../../bin/dothi.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  backend: Backend;
  /** Flags and environment that point the CLI at this test's store. */
  args: string[];
  env: NodeJS.ProcessEnv;
  tmp: string;
  close(): Promise<void>;
}

export async function cliEnv(backend: Backend): Promise<CliEnv> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `dothi-cli-${backend}-`));
  const base: NodeJS.ProcessEnv = { ...process.env, DOTHI_LANG: 'en' };
  delete base.DOTHI_DATABASE_URL;
  delete base.DOTHI_DATA;
  if (backend === 'embedded') {
    return { backend, args: ['--data', path.join(tmp, 'data')], env: base, tmp, close: async () => fs.rmSync(tmp, { recursive: true, force: true }) };
  }
  const store = await openTestStore('server');
  await store.db.close();
  return {
    backend,
    args: [],
    env: { ...base, DOTHI_DATABASE_URL: store.url },
    tmp,
    async close() {
      await store.close().catch(() => undefined);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function start(env: CliEnv, args: string[], extraEnv: NodeJS.ProcessEnv = {}, stdin?: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args, ...env.args], { env: { ...env.env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.end(stdin ?? '');
  return child;
}

export function run(env: CliEnv, args: string[], extraEnv: NodeJS.ProcessEnv = {}, stdin?: string): Promise<RunResult> {
  const child = start(env, args, extraEnv, stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function json<T>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

export interface CodedError {
  error: { code: string; message: string; message_vi: string; details: Record<string, unknown>; data?: { features?: Array<{ id: string; valid: boolean; reason: string }> } };
}

export function errorOf(r: RunResult): CodedError['error'] {
  try {
    return (JSON.parse(r.stderr) as CodedError).error;
  } catch {
    throw new Error(`stderr is not a JSON error (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  }
}
