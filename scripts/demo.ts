// npm run demo: the app on its local database, a fake Odoo full of generated data, a super admin, the
// integration configured and a first sync done; prints where to explore and how to sign in.
// Runs with Node's own type stripping (no build step of its own); the app runs from dist/ (npm run build).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const PORT = Number(process.env.PORT ?? 8001);
const LEADS = Number(process.env.DEMO_LEADS ?? 5000);
const API = `http://localhost:${PORT}/api`;
const ADMIN = { email: 'admin@demo.example.com', password: 'demo-admin-password' };
const PEOPLE_PASSWORD = 'demo-user-password';
const children: ChildProcess[] = [];

/**
 * Starts a child process and resolves with the first line of its output matching `ready`. Of its standard output,
 * only lines matching `shown` are printed; should it exit, its last lines say why.
 */
function start(name: string, args: string[], env: Record<string, string>, ready: RegExp, shown?: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
  const last: string[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}${last.map((line) => `\n[${name}] ${line}`).join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (last.push(line) > 20) last.shift();
      if (shown?.test(line)) console.log(`[${name}] ${line}`);
      const match = ready.exec(line);
      if (match) resolve(match[1] ?? line);
    });
  });
}

async function call<T>(method: string, route: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API}${route}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${answer.message ?? ''}`);
  return answer;
}

async function waitForSync(token: string, syncId: string): Promise<void> {
  for (;;) {
    const log = await call<{ status: string; error_message: string | null }>('GET', `/integrations/sync/${syncId}`, token);
    if (log.status === 'completed') return;
    if (log.status === 'failed') throw new Error(`first sync failed: ${log.error_message}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main(): Promise<void> {
  const apiKey = randomBytes(20).toString('hex');
  console.log(`Starting a fake Odoo with ${LEADS} generated leads...`);
  const odooUrl = await start('odoo', ['test/fake-odoo/cli.ts', '--leads', String(LEADS), '--port', '0', '--api-key', apiKey], {}, /listening on (\S+)/);
  console.log('Starting the app on its local database...');
  await start(
    'app',
    ['dist/main.js'],
    { PORT: String(PORT), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOCAL_DATA_DIR: '.data/demo', DB_NAME: 'sales_demo', NO_COLOR: '1' },
    /(listening on)/,
    // Which database it uses, and why not MongoDB where its binaries cannot be downloaded.
    /No MONGO_URL set|FerretDB/,
  );

  const { access_token: token } = await call<{ access_token: string }>('POST', '/auth/login', undefined, ADMIN);
  await call('POST', '/integrations/odoo/configure', token, { url: odooUrl, database: 'odoo', username: 'admin', api_key: apiKey });
  const { sync_id } = await call<{ sync_id: string }>('POST', '/integrations/odoo/sync/trigger', token, {}).catch(async (error: Error) => {
    if (!error.message.includes('409')) throw error;
    return { sync_id: (await call<{ running_sync_id: string }>('GET', '/integrations/background-sync/status', token)).running_sync_id };
  });
  console.log('First sync running...');
  await waitForSync(token, sync_id);

  const people = await demoPeople(token, odooUrl, apiKey);
  console.log(`
Demo ready.
  Swagger UI:   http://localhost:${PORT}/api/docs
  OpenAPI JSON: http://localhost:${PORT}/api/docs-json
  Super admin:  ${ADMIN.email} / ${ADMIN.password}
${people.map((p) => `  ${p.label.padEnd(13)} ${p.email} / ${PEOPLE_PASSWORD}`).join('\n')}
  Fake Odoo:    ${odooUrl} (database odoo, login admin, API key ${apiKey})
Sign in with POST /api/auth/login, then Authorize with the access_token. Ctrl-C stops everything.`);
}

/** A manager and a salesperson of the Odoo org become app users linked to their employees, to see scoping at work. */
async function demoPeople(token: string, odooUrl: string, apiKey: string): Promise<{ label: string; email: string }[]> {
  type Employee = { id: number; work_email: string | false; parent_id: [number, string] | false; user_id: [number, string] | false };
  const employees = await odooSearchRead<Employee>(odooUrl, apiKey, 'hr.employee', ['work_email', 'parent_id', 'user_id']);
  const reports = (id: number) => employees.filter((e) => e.parent_id && e.parent_id[0] === id);
  const manager = employees.find((e) => e.work_email && e.user_id && reports(e.id).some((r) => reports(r.id).length > 0));
  const salesperson = employees.find((e) => e.work_email && e.user_id && reports(e.id).length === 0);
  const people: { label: string; email: string }[] = [];
  for (const [label, employee] of [['Sales manager', manager], ['Salesperson', salesperson]] as const) {
    if (!employee || !employee.work_email) continue;
    const email = employee.work_email.toLowerCase();
    await call('POST', '/users', token, { email, name: label, password: PEOPLE_PASSWORD }).catch(() => undefined);
    people.push({ label, email });
  }
  await call('POST', '/integrations/odoo/sync-users', token);
  return people;
}

async function odooSearchRead<T>(odooUrl: string, apiKey: string, model: string, fields: string[]): Promise<T[]> {
  const body = {
    jsonrpc: '2.0',
    method: 'call',
    id: 1,
    params: { service: 'object', method: 'execute_kw', args: ['odoo', 2, apiKey, model, 'search_read', [[]], { fields }] },
  };
  const response = await fetch(`${odooUrl}/jsonrpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return ((await response.json()) as { result: T[] }).result;
}

function shutdown(): void {
  for (const child of children) child.kill('SIGTERM');
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  shutdown();
  process.exitCode = 1;
});
