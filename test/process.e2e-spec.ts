import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { compileApp, root, startApp, waitForLog } from './support/app-process.js';
import { freePort } from './support/free-port.js';

// The real start-up path (main.ts) as `npm start` runs it, compiled once for this file.
const outDir = path.join(root, '.e2e-dist');
const start = (env: Record<string, string>) => startApp(path.join(outDir, 'main.js'), env);

describe('the service process', () => {
  beforeAll(() => compileApp(outDir), 120_000);

  it('refuses to start in production without its required settings, one line per problem', async () => {
    const started = start({ NODE_ENV: 'production', JWT_SECRET: 'your-secret-key' });
    const { code } = await started.exited;
    expect(code).toBe(1);
    const lines = started.output().trim().split('\n');
    expect(lines).toEqual([
      'Configuration error: MONGO_URL must be set in production (e.g. mongodb://host:27017)',
      'Configuration error: JWT_SECRET must be at least 32 characters long',
      'Configuration error: SECRETS_ENCRYPTION_KEY must be set in production (openssl rand -hex 32)',
      'Configuration error: JWT_SECRET still holds a placeholder value; set a random secret of at least 32 characters',
    ]);
  });

  it('serves on Node 24, logs where, serves metrics on METRICS_PORT and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    const started = start({
      NODE_ENV: 'production',
      MONGO_URL: process.env.MONGO_URL!,
      DB_NAME: process.env.DB_NAME!,
      JWT_SECRET: 'a'.repeat(48),
      SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
    });
    await waitForLog(started, /listening on 127\.0\.0\.1:\d+/, 30_000);
    expect(started.output()).toMatch(/Node v24\.\d+\.\d+, production/);

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(await metrics.text()).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} 1$/m);

    started.child.kill('SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('Shut down cleanly');
    // One JSON object per line, for a log pipeline: the request among them, by its route.
    const lines = started.output().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((line) => typeof line.level === 'string' && typeof line.time === 'string' && typeof line.msg === 'string')).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ context: 'HTTP', method: 'GET', route: '/api/health', status: 200, req_id: health.headers.get('x-request-id') }));
  }, 60_000);

  it('npm run cli -- create-admin creates a super admin, reading the password from ADMIN_PASSWORD', async () => {
    // The running service holds METRICS_PORT: the CLI, which has no HTTP server, serves no metrics either.
    const service = createServer().listen(0, '127.0.0.1').unref();
    await new Promise((resolve) => service.once('listening', resolve));
    const metricsPort = String((service.address() as { port: number }).port);
    const env = {
      MONGO_URL: process.env.MONGO_URL!,
      DB_NAME: process.env.DB_NAME!,
      NODE_ENV: 'production',
      JWT_SECRET: 'c'.repeat(40),
      SECRETS_ENCRYPTION_KEY: 'cd'.repeat(32),
      HOST: '127.0.0.1',
      METRICS_PORT: metricsPort,
    };
    const run = async (extra: Record<string, string>, ...args: string[]) => {
      const child = spawn(process.execPath, [path.join(outDir, 'cli.js'), ...args], { env: { ...process.env, ...env, ...extra }, cwd: root });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, output };
    };
    const created = await run({ ADMIN_PASSWORD: 'cli admin password' }, 'create-admin', '--email', 'CLI.Admin@example.com', '--name', 'Ops');
    expect(created).toEqual({ code: 0, output: expect.stringMatching(/Created super admin cli\.admin@example\.com/) });
    expect(created.output).not.toContain('cli admin password');

    const again = await run({ ADMIN_PASSWORD: 'cli admin password' }, 'create-admin', '--email', 'cli.admin@example.com');
    expect(again.code).toBe(1);
    expect(again.output).toContain('already exists');
    expect((await run({ ADMIN_PASSWORD: 'short' }, 'create-admin', '--email', 'x@example.com')).code).toBe(2);
    const common = await run({ ADMIN_PASSWORD: 'Password1234' }, 'create-admin', '--email', 'x@example.com');
    expect(common).toEqual({ code: 2, output: expect.stringContaining('The password is too common') });
    expect((await run({}, 'wrong-command')).code).toBe(2);

    const client = await MongoClient.connect(process.env.MONGO_URL!);
    try {
      const admin = await client.db(process.env.DB_NAME).collection('users').findOne({ email: 'cli.admin@example.com' });
      expect(admin).toMatchObject({ name: 'Ops', role: 'admin', is_super_admin: true, approval_status: 'approved' });
      expect(admin?.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await client.close();
      service.close();
    }
  }, 60_000);

  it('in development without MONGO_URL, starts a local database and says where it is', async () => {
    const port = await freePort();
    const started = start({
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_NAME: process.env.DB_NAME!,
      LOCAL_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'sales-dev-')),
    });
    await waitForLog(started, /listening on/, 90_000);
    expect(started.output()).toMatch(/No MONGO_URL set: using a local (ferretdb|mongodb-memory-server) at mongodb:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('Shut down cleanly');
    // Where MongoDB cannot be downloaded (no internet), one line says so: no DownloadError stack, nor any other.
    if (started.output().includes('using a local ferretdb')) {
      expect(started.output()).toMatch(/INFO: \[Bootstrap\] mongodb-memory-server: .+; using FerretDB on the local PostgreSQL instead\n/);
    }
    expect(started.output()).not.toMatch(/^\s+at /m);
    // Readable lines in development, one per request too.
    expect(started.output()).toMatch(/^\[[\d:.]+\] INFO: \[HTTP\] GET \/api\/health 200 in [\d.]+ ms \{"req_id":/m);
  }, 120_000);
});
