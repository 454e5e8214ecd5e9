// npm run bench:webhooks [-- --webhooks 1000 --connections 1,16 --leads 1000]: leads created in Odoo, then a burst
// of signed webhooks announcing them (one a lead, with its write_date, as the README's rule sends it) at the running
// app, from one sender (one Odoo save posting its webhooks one after another) and from several at once (several
// saves): p50/p99 of the route's answer time, which Odoo adds to every save, and how long until every lead is in the
// lake.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MongoClient } from 'mongodb';
import { webhookBody } from '../test/fake-odoo/webhook-sender.js';
import { benchDatabase } from './support/bench-database.js';
import { startFakeOdooProcess, type FakeOdooProcess } from './support/fake-odoo-process.js';
import { out } from './support/report.js';
import { burst } from './support/webhook-burst.js';

const { values } = parseArgs({
  options: {
    webhooks: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '1,16' },
    leads: { type: 'string', default: '1000' },
  },
});
const webhooks = Number(values.webhooks);
const senderCounts = values.connections.split(',').map(Number);
const secret = randomBytes(24).toString('hex');

const database = await benchDatabase();
console.log(`Generating ${values.leads} leads in a fake Odoo process...`);
const fake = await startFakeOdooProcess(Number(values.leads));
const client = await MongoClient.connect(database.url);
let app: NestFastifyApplication | undefined;
try {
  Object.assign(process.env, { MONGO_URL: database.url, DB_NAME: database.name, SYNC_ENABLED: 'false', NODE_ENV: 'development', LOG_LEVEL: 'warn', ODOO_WEBHOOK_SECRET: secret });
  app = await startApp(fake);
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/webhooks/odoo`;
  const rows: string[][] = [];
  for (const connections of senderCounts) rows.push(await measureBurst(app, url, connections));
  out(`\n### Webhooks, a burst of ${webhooks}\n`);
  out(`| measure | ${senderCounts.map((n) => `${n} sender${n === 1 ? '' : 's'}`).join(' | ')} |`);
  out(`|---|${senderCounts.map(() => '---').join('|')}|`);
  const measures = ['answers', 'route answer time, p50', 'route answer time, p99', 'route answer time, max', 'the burst', `until all ${webhooks} leads are in the lake`, 'webhook batches (an Odoo read and a store each)'];
  measures.forEach((measure, i) => out(`| ${measure} | ${rows.map((row) => row[i]).join(' | ')} |`));
  out(`\nEach sender posts one webhook, awaits its answer, then posts the next, as Odoo does; every webhook announces a lead just created in Odoo. Database: ${database.engine}; ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}.`);
} finally {
  await app?.close();
  await client.close();
  await fake.stop();
  await database.local?.stop();
}
new Logger('Bench').log('done');

/** Creates leads in Odoo, posts one webhook for each from `connections` senders, and waits until all are stored. */
async function measureBurst(nest: NestFastifyApplication, url: string, connections: number): Promise<string[]> {
  console.log(`Creating ${webhooks} leads in Odoo...`);
  const leads = await createLeads(fake, webhooks);
  const bodies = leads.map((lead) => webhookBody({ model: 'crm.lead', id: lead.id, values: lead }));
  const db = client.db(database.name);
  const batchesBefore = await db.collection('sync_logs').countDocuments({ trigger: 'webhook' });

  console.log(`Posting ${webhooks} webhooks from ${connections} senders...`);
  const startedAt = Date.now();
  const sent = await burst({ url, secret, bodies, connections });
  const { WebhookProcessor } = await import('../src/webhooks/webhook-processor.service.js');
  await nest.get(WebhookProcessor).idle();
  const live = await db.collection('data_lake_serving').countDocuments({ entity_type: 'opportunity', serving_id: { $in: leads.map((lead) => String(lead.id)) }, is_active: true });
  if (live !== webhooks) throw new Error(`${webhooks - live} of the ${webhooks} leads are not in the lake`);
  const batches = await db
    .collection<Batch>('sync_logs')
    .find({ trigger: 'webhook' })
    .sort({ started_at: 1 })
    .skip(batchesBefore)
    .toArray();

  const sorted = [...sent.latencies].sort((a, b) => a - b);
  return [
    Object.entries(sent.statuses)
      .map(([status, count]) => `${count} × ${status}`)
      .join(', '),
    ms(percentile(sorted, 0.5)),
    ms(percentile(sorted, 0.99)),
    ms(sorted[sorted.length - 1]),
    `${sent.seconds.toFixed(2)} s, ${(webhooks / sent.seconds).toFixed(0)} webhooks/s`,
    `${((lastInsertAt(batches, webhooks) - startedAt) / 1000).toFixed(2)} s after the first webhook`,
    String(batches.length),
  ];
}

interface Batch {
  completed_at: Date;
  stats: { opportunity: { inserted: number } };
}

/** The app as main.ts runs it, listening on a free port, with the fake Odoo configured and synced once. */
async function startApp(odoo: FakeOdooProcess): Promise<NestFastifyApplication> {
  const { AppModule } = await import('../src/app.module.js');
  const { configureApp, createFastifyAdapter } = await import('../src/app.setup.js');
  const { validateEnvironment } = await import('../src/config/environment.js');
  const { IntegrationsService } = await import('../src/integrations/integrations.service.js');
  const { SyncRunner } = await import('../src/sync/sync-runner.service.js');
  const env = validateEnvironment(process.env);
  const nest = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(env), { rawBody: true, logger: ['error', 'warn'] });
  await configureApp(nest, env);
  await nest.listen(0, '127.0.0.1');
  await nest.get(IntegrationsService).configureOdoo({ url: odoo.url, database: odoo.database, username: odoo.login, api_key: odoo.apiKey });
  await nest.get(SyncRunner).start('manual', null, { full: true });
  await nest.get(SyncRunner).idle();
  return nest;
}

/** Creates leads in one call, as a user importing them would, and reads back what the rule would send. */
async function createLeads(odoo: FakeOdooProcess, count: number): Promise<{ id: number; name: string; write_date: string }[]> {
  const values = Array.from({ length: count }, (_, i) => ({ name: `Webhook bench lead ${i + 1}`, type: 'opportunity', expected_revenue: 1000 + i }));
  const ids = (await odoo.execute('crm.lead', 'create', [values])) as number[];
  return (await odoo.execute('crm.lead', 'read', [ids, ['name', 'write_date']])) as { id: number; name: string; write_date: string }[];
}

/**
 * When the batch that stored the last of the new leads ended: the logs say, so nothing polls the database while
 * the burst is measured.
 */
function lastInsertAt(batches: Batch[], count: number): number {
  let inserted = 0;
  for (const batch of batches) {
    inserted += batch.stats.opportunity.inserted;
    if (inserted >= count) return batch.completed_at.getTime();
  }
  throw new Error(`the webhook batches stored ${inserted} of the ${count} leads`);
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
