import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { validateEnvironment } from './config/environment.js';
import { loadDotEnv, startDevelopmentDatabase } from './database/development-database.js';
import { passwordWeakness } from './users/passwords/password-policy.js';

const USAGE = `Usage: npm run cli -- create-admin --email <email> [--name <name>]
  The password is read from ADMIN_PASSWORD, or from standard input (e.g. piped from a secret store),
  so that it never appears in the shell history or the process list.`;

const logger = new Logger('CLI');
// No debug lines (the full error behind the local database's fallback): the CLI says what it does, no more.
Logger.overrideLogger(['log', 'warn', 'error', 'fatal']);

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals[0] !== 'create-admin' || !values.email) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const password = process.env.ADMIN_PASSWORD ?? (await readStdin()).trim();
  const weakness = passwordWeakness(password);
  if (weakness) {
    console.error(`The password ${weakness}.\n${USAGE}`);
    return 2;
  }
  return createAdmin(values.email, values.name ?? 'Administrator', password);
}

async function createAdmin(email: string, name: string, password: string): Promise<number> {
  loadDotEnv();
  const localDatabase = await startDevelopmentDatabase(validateEnvironment(process.env), logger);
  const { AppModule } = await import('./app.module.js');
  const { FirstAdminService } = await import('./auth/first-admin.service.js');
  const { DuplicateEmailError } = await import('./users/users.service.js');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const admin = await app.get(FirstAdminService).createSuperAdmin(email, password, name);
    console.log(`Created super admin ${admin.email} (id ${admin.id})`);
    return 0;
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    console.error(`A user with the email ${email} already exists.`);
    return 1;
  } finally {
    await app.close();
    await localDatabase?.stop();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 1;
});
