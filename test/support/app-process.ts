import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The real start-up path (main.ts) as `npm start` runs it, compiled with tsc into a folder of the test's choice.
export const root = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Compiles src/ into `outDir` (under .e2e-dist, so test files running side by side can each have their own). */
export async function compileApp(outDir = path.join(root, '.e2e-dist')): Promise<string> {
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: root },
  );
  return outDir;
}

/** Runs a compiled script with the test's environment minus MONGO_URL, plus `env`; output is collected. */
export function startApp(script: string, env: Record<string, string>): AppProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'MONGO_URL'));
  const child = spawn(process.execPath, [script], { env: { ...clean, NO_COLOR: '1', ...env }, cwd: root });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

export async function waitForLog(started: AppProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(started.output())) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`no ${pattern} in:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`; resolves once it is gone. */
export async function stopApp(started: AppProcess, graceMs = 30_000): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      started.child.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([started.exited, killed]);
  clearTimeout(timer);
  await started.exited;
}
