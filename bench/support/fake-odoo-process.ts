import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface FakeOdooProcess {
  url: string;
  database: string;
  login: string;
  apiKey: string;
  stop(): Promise<void>;
}

// This file runs compiled, from .bench-dist/bench/support/.
const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** A fake Odoo in a process of its own (test/fake-odoo/cli.ts), so its memory is not counted as ours. */
export function startFakeOdooProcess(leads: number, seed = 1): Promise<FakeOdooProcess> {
  const apiKey = randomBytes(20).toString('hex');
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', path.join(root, 'test/fake-odoo/cli.ts'), '--leads', String(leads), '--seed', String(seed), '--port', '0', '--api-key', apiKey],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake Odoo exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve({ url: match[1], database: 'odoo', login: 'admin', apiKey, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
