import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A MongoDB-compatible server for development and tests when no MONGO_URL is given:
 * mongodb-memory-server where MongoDB can be downloaded, else FerretDB 1.24 (built from the Go module
 * proxy through tools/ferretdb) backed by the local PostgreSQL.
 */
export interface LocalDatabase {
  url: string;
  engine: 'mongodb-memory-server' | 'ferretdb';
  stop(): Promise<void>;
}

export interface LocalDatabaseOptions {
  /** Keeps data between runs in this folder (development); omit for a throw-away server (tests). */
  dataDir?: string;
  /** PostgreSQL database that holds FerretDB's data. */
  postgresDatabase: string;
  /** Fixed port, e.g. to restart a stopped server where clients expect it; default a free one. */
  port?: number;
  /** Skips mongodb-memory-server and goes straight to FerretDB. */
  ferretDbOnly?: boolean;
  log?: (line: string) => void;
  /** Details an operator needs only when digging: the full error behind a fallback. */
  debug?: (line: string) => void;
}

const ferretDbSource = findUp(import.meta.dirname, path.join('tools', 'ferretdb'));
const ferretDbBinary = path.join(ferretDbSource, 'bin', 'ferretdb');
const run = promisify(execFile);

const HOW_TO_GET_A_DATABASE =
  'Set MONGO_URL to a MongoDB server (e.g. MONGO_URL=mongodb://localhost:27017) and DB_NAME to the database to use; ' +
  'without MONGO_URL, development and tests need either a downloadable MongoDB (mongodb-memory-server) ' +
  'or Go plus a PostgreSQL server for FerretDB (FERRETDB_POSTGRESQL_URL, default postgres://postgres@127.0.0.1:5432).';

export async function startLocalDatabase(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  const log = options.log ?? (() => undefined);
  const reasons: string[] = [];
  if (!options.ferretDbOnly) {
    try {
      return await startMongoMemoryServer(options);
    } catch (error) {
      const reason = `mongodb-memory-server: ${firstLine(error)}`;
      reasons.push(reason);
      log(`${reason}; using FerretDB on the local PostgreSQL instead`);
      options.debug?.(fullError(error));
    }
  }
  try {
    return await startFerretDb(options, log);
  } catch (error) {
    reasons.push(`FerretDB: ${firstLine(error)}`);
  }
  throw new Error(`No database available (${reasons.join('; ')}). ${HOW_TO_GET_A_DATABASE}`);
}

async function startMongoMemoryServer(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  const { errors, MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  // Fetched on its own first: a download failing inside create() is printed with its whole stack (console.warn).
  await MongoBinary.getPath().catch((error: unknown) => {
    if (!(error instanceof errors.DownloadError)) throw error;
    throw new Error(`MongoDB binaries cannot be downloaded here (DownloadError: ${error.message.replace(/\s*\n\s*/g, ' ')})`, { cause: error });
  });
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
  }
  const server = await MongoMemoryServer.create({
    instance: {
      ip: '127.0.0.1',
      port: options.port,
      dbPath: options.dataDir,
      storageEngine: 'wiredTiger',
    },
  });
  return {
    url: server.getUri(),
    engine: 'mongodb-memory-server',
    stop: async () => {
      await server.stop({ doCleanup: !options.dataDir });
    },
  };
}

async function startFerretDb(options: LocalDatabaseOptions, log: (line: string) => void): Promise<LocalDatabase> {
  await buildFerretDb(log);
  const postgresUrl = new URL(process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432');
  postgresUrl.pathname = `/${options.postgresDatabase}`;
  const child = spawn(
    ferretDbBinary,
    ['-create-database', `-listen-addr=127.0.0.1:${options.port ?? 0}`, `-postgresql-url=${postgresUrl.href}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  process.once('exit', () => child.kill('SIGTERM'));
  const url = await readListeningUrl(child);
  return { url, engine: 'ferretdb', stop: () => stopProcess(child) };
}

/** Builds the wrapper once per change of its sources; Go's own cache makes a rebuild cheap too. */
async function buildFerretDb(log: (line: string) => void): Promise<void> {
  const stamp = `${ferretDbBinary}.sha256`;
  const sources = await Promise.all(['go.mod', 'go.sum', 'main.go'].map((f) => readFile(path.join(ferretDbSource, f))));
  const digest = createHash('sha256').update(Buffer.concat(sources)).digest('hex');
  if (existsSync(ferretDbBinary) && existsSync(stamp) && (await readFile(stamp, 'utf8')) === digest) {
    return;
  }
  log('Building FerretDB 1.24 from the Go module proxy (first run only)...');
  try {
    await run('go', ['build', '-tags', 'ferretdb_no_sqlite', '-o', ferretDbBinary, '.'], {
      cwd: ferretDbSource,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`go build failed: ${stderr || firstLine(error)}`, { cause: error });
  }
  await writeFile(stamp, digest);
}

function readListeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`exited with code ${code}: ${stderr.join('').trim()}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (mongodb:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The nearest ancestor folder holding `relative` (this file runs from src/, dist/ or a benchmark build). */
function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) return path.join(from, relative);
  }
}

/** The stack of the error and of its cause. */
function fullError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? String(error.stack) : `${error.stack}\nCaused by: ${fullError(error.cause)}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
