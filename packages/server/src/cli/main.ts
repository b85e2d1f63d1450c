// `dothi <noun> <verb>`: parses the command line, opens the store the environment names, runs the
// command and turns every failure into a coded error and a non-zero exit code.

import { parseArgs } from 'node:util';
import { DothiError } from '@dothi/engine';
import { detectLang, t } from './messages.ts';
import { reportError } from './output.ts';
import type { Out } from './output.ts';
import { COMMANDS, REMOTE_COMMANDS } from './commands/index.ts';
import { remoteFrom } from './remote.ts';

export const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  workspace: { type: 'string', short: 'w' },
  kind: { type: 'string' },
  'min-group-size': { type: 'string' },
  name: { type: 'string' },
  crs: { type: 'string' },
  'on-invalid': { type: 'string' },
  licence: { type: 'string' },
  license: { type: 'string' },
  encoding: { type: 'string' },
  progress: { type: 'string' },
  layer: { type: 'string' },
  version: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'no-demo': { type: 'boolean' },
  'valid-from': { type: 'string' },
  effective: { type: 'string' },
  at: { type: 'string' },
  framework: { type: 'string' },
  indicator: { type: 'string' },
  unit: { type: 'string' },
  comparator: { type: 'string' },
  source: { type: 'string' },
  note: { type: 'string' },
  baseline: { type: 'string' },
  meta: { type: 'string' },
  spec: { type: 'string' },
  uncertainty: { type: 'string' },
  seed: { type: 'string' },
  units: { type: 'string' },
  calculators: { type: 'string' },
  'unit-id': { type: 'string' },
  email: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  role: { type: 'string' },
  expires: { type: 'string' },
  label: { type: 'string' },
  visibility: { type: 'string' },
  server: { type: 'string' },
} as const;

export type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface Ctx {
  out: Out;
  flags: Flags;
  /** Words after the command's own name. */
  args: string[];
}

export async function main(argv: string[], io: Pick<Out, 'stdout' | 'stderr'> = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
}): Promise<number> {
  let out: Out = { lang: detectLang(undefined), json: argv.includes('--json'), ...io };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    out = { ...out, lang: detectLang(values.lang), json: values.json ?? false };
    const [noun, verb, ...rest] = positionals;
    if (values.help || !noun) {
      out.stdout(t(out.lang, 'usage') + '\n');
      return noun || values.help ? 0 : 2;
    }
    const cmd = COMMANDS[`${noun} ${verb ?? ''}`.trim()] ?? COMMANDS[noun];
    if (!cmd) throw new DothiError('DOTHI_USAGE', { detail: `unknown command "${positionals.join(' ')}"; see dothi --help` });
    const key = COMMANDS[`${noun} ${verb ?? ''}`.trim()] ? `${noun} ${verb ?? ''}`.trim() : noun;
    const args = key === noun ? positionals.slice(1) : rest;
    if (!REMOTE_COMMANDS.has(key) && remoteFrom(values, process.env, out.lang)) throw new DothiError('DOTHI_REMOTE_UNSUPPORTED', { command: key });
    await cmd({ out, flags: values, args });
    return 0;
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      return reportError(out, new DothiError('DOTHI_USAGE', { detail: e.message }));
    }
    return reportError(out, e);
  }
}
