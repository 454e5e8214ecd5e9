import path from 'node:path';
import { startApp, type AppProcess } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { scanResponse } from '../support/secret-scan.js';

/** One app process of the cluster, on a port of its own. */
export interface Instance {
  url: string;
  process: AppProcess;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, untyped like `res.json()` in the in-process tests. */
  body: ReturnType<typeof JSON.parse>;
}

/** Starts `count` processes of the compiled app at once, all with the same `env` but each on its own port. */
export async function startInstances(outDir: string, count: number, env: Record<string, string>): Promise<Instance[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports.map((port) => ({
    url: `http://127.0.0.1:${port}`,
    process: startApp(path.join(outDir, 'main.js'), { ...env, PORT: String(port), HOST: '127.0.0.1' }),
  }));
}

export interface CallOptions {
  token?: string;
  body?: object;
  /** The client address as a load balancer would pass it on (the instances trust one proxy hop). */
  forwardedFor?: string;
}

/** One HTTP request to one instance; every answer is checked for leaked secrets, as the in-process tests do. */
export async function call(instance: Instance, method: string, url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body) headers['content-type'] = 'application/json';
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  const res = await fetch(`${instance.url}${url}`, { method, headers, body: options.body && JSON.stringify(options.body) });
  const text = await res.text();
  scanResponse(url, text);
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Polls `probe` every quarter second until it answers a value, which it returns. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
