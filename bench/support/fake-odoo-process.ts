import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface FakeOdooProcess {
  url: string;
  database: string;
  login: string;
  apiKey: string;
  /** Calls a model's method as the admin over JSON-RPC (`execute_kw`), as a user's script would. */
  execute(model: string, method: string, args: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

// This file runs compiled, from .bench-dist/bench/support/.
const root = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * A fake Odoo in a process of its own (test/fake-odoo/cli.ts), so its memory is not counted as ours. Its data is
 * generated as of `now` (default this minute): nothing in it is written later.
 */
export function startFakeOdooProcess(leads: number, { seed = 1, now }: { seed?: number; now?: Date } = {}): Promise<FakeOdooProcess> {
  const apiKey = randomBytes(20).toString('hex');
  const data = ['--leads', String(leads), '--seed', String(seed), ...(now ? ['--now', now.toISOString()] : [])];
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', path.join(root, 'test/fake-odoo/cli.ts'), ...data, '--port', '0', '--api-key', apiKey],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake Odoo exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (!match) return;
      const odoo = { url: match[1], database: 'odoo', login: 'admin', apiKey };
      let uid: Promise<unknown> | undefined;
      const execute = async (model: string, method: string, args: unknown[]) => {
        uid ??= rpc(odoo.url, 'common', 'authenticate', [odoo.database, odoo.login, apiKey, {}]);
        return rpc(odoo.url, 'object', 'execute_kw', [odoo.database, await uid, apiKey, model, method, args]);
      };
      resolve({ ...odoo, execute, stop: () => stop(child) });
    });
  });
}

async function rpc(url: string, service: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
  });
  const answer = (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
  if (answer.error) throw new Error(`${service}.${method}: ${answer.error.data?.message}`);
  return answer.result;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
