// For programs that start `dothi serve --json` as a child (tests, benchmarks): the address it listens
// on, from the one stdout line that is not the server's own log (log lines carry a level).

import type { ChildProcess } from 'node:child_process';

export function listeningUrl(child: ChildProcess): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        try {
          const o = JSON.parse(line) as { url?: string; level?: number };
          if (o.url && o.level === undefined) resolve(o.url);
        } catch {
          // not JSON: a line of some other output
        }
      }
    });
    child.on('close', (code) => reject(new Error(`dothi serve exited (${code}) before listening`)));
  });
}
