import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { jsonRpc } from './odoo-test-client.js';

const CLI = path.join(import.meta.dirname, 'cli.ts');

/** Starts the CLI under Node's own type stripping and waits for the lines it prints about the server. */
function startCli(args: string[]): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('data (seed')) resolve({ child, output });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ExperimentalWarning')) output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
  });
}

describe('cli.ts', () => {
  it('runs a fake Odoo from the command line and prints its URL and credentials', async () => {
    const { child, output } = await startCli(['--port', '0', '--leads', '100', '--seed', '2', '--version', '19.0', '--api-key', 'a'.repeat(40)]);
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
      expect(output).toMatch(/login: {4}admin\n {2}password: admin\n {2}API key: {2}a{40}/);
      expect(output).toMatch(/crm\.lead 100,/);
      const version = await fetch(`${url}/web/version`);
      expect(await version.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
      expect((await jsonRpc(url, 'common', 'login', ['odoo', 'admin', 'a'.repeat(40)])).body.result).toBe(2);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('generates data as of --now: nothing is written after it', async () => {
    const { child, output } = await startCli(['--port', '0', '--leads', '100', '--now', '2026-01-01 00:00:00']);
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
      const uid = (await jsonRpc(url, 'common', 'login', ['odoo', 'admin', 'admin'])).body.result;
      const newest = await jsonRpc(url, 'object', 'execute_kw', ['odoo', uid, 'admin', 'crm.lead', 'search_read', [[]], { fields: ['write_date'], order: 'write_date desc', limit: 1 }]);
      expect((newest.body.result as { write_date: string }[])[0].write_date <= '2026-01-01 00:00:00').toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses an unknown version', async () => {
    await expect(startCli(['--version', '15.0'])).rejects.toThrow(/--version must be one of 16\.0, 17\.0, 18\.0, 19\.0/);
  });
});
