// npm run bench:sync [-- --leads 20000,40000]: for each size, in a process of its own, a full sync of generated Odoo
// data through the real path, against the raw MongoDB driver writing the same documents, its peak memory, then
// incremental runs with no change and after 10 leads edited in Odoo; then how the peak memory grows between sizes.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { CommandLog, type CommandCount } from '../test/support/command-log.js';
import { benchDatabase } from './support/bench-database.js';
import { startFakeOdooProcess } from './support/fake-odoo-process.js';
import { mb, MemorySampler } from './support/memory-sampler.js';
import { out } from './support/report.js';
import { benchEachSize } from './support/sync-sizes.js';

const { values } = parseArgs({ options: { leads: { type: 'string', default: '20000,40000' }, 'page-size': { type: 'string', default: '2000' } } });
const sizes = values.leads.split(',').map(Number);
if (sizes.length > 1) {
  await benchEachSize(import.meta.filename, sizes, ['--page-size', values['page-size']]);
  process.exit();
}
const leads = sizes[0];

const database = await benchDatabase();
console.log(`Generating ${leads} leads in a fake Odoo process...`);
// Odoo's data as of 10 minutes ago, past the look-back window (SYNC_OVERLAP_SECONDS, 300 s): as after a bulk import
// nobody has written since, so a run with no change has nothing to read.
const fake = await startFakeOdooProcess(leads, { now: new Date(Date.now() - 10 * 60_000) });
Object.assign(process.env, {
  MONGO_URL: database.url,
  DB_NAME: database.name,
  SYNC_ENABLED: 'false',
  SYNC_PAGE_SIZE: values['page-size'],
  NODE_ENV: 'development',
});
const { AppModule } = await import('../src/app.module.js');
const { IntegrationsService } = await import('../src/integrations/integrations.service.js');
const { SyncRunner } = await import('../src/sync/sync-runner.service.js');
const { SyncLogsService } = await import('../src/sync/sync-logs.service.js');
const { writeBatchSize } = await import('../src/database/write-batches.js');

const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
await app.get(IntegrationsService).configureOdoo({ url: fake.url, database: fake.database, username: fake.login, api_key: fake.apiKey });
const runner = app.get(SyncRunner);
const logs = app.get(SyncLogsService);
const commandLog = new CommandLog(app);

async function timedSync(full: boolean) {
  const started = performance.now();
  let id = '';
  const commands = await commandLog.count(async () => {
    id = await runner.start('manual', null, { full });
    await runner.idle();
  });
  const seconds = (performance.now() - started) / 1000;
  const log = await logs.find(id);
  if (log?.status !== 'completed') throw new Error(`sync ${id} ${log?.status}: ${log?.error_message}`);
  const stats = Object.values(log.stats as Record<string, { fetched: number; inserted: number; duration_seconds: number }>);
  const total = (field: 'fetched' | 'inserted' | 'duration_seconds') => stats.reduce((sum, s) => sum + s[field], 0);
  // The entities run one after another; what the run does besides is mostly rebuilding the dashboard's sums.
  return { seconds, entitySeconds: total('duration_seconds'), fetched: total('fetched'), inserted: total('inserted'), commands };
}

function commandsOf(sent: CommandCount): string {
  return `${sent.commands} commands and ${sent.getMores} getMores, ${sent.documents} documents returned`;
}

/** Edits some leads in Odoo, as a user would: their write_date moves to Odoo's now. */
async function editLeads(count: number): Promise<number> {
  const ids = (await fake.execute('crm.lead', 'search', [[], 0, count, 'id asc'])) as number[];
  await fake.execute('crm.lead', 'write', [ids, { phone: '+1 555 0100' }]);
  return ids.length;
}

global.gc?.();
const { rss: rssBefore, heapUsed: heldBefore } = process.memoryUsage();
const sampler = new MemorySampler();
sampler.start();
const full = await timedSync(true);
const peak = sampler.stop();
// What the full sync left held, as opposed to garbage not yet collected at its peak.
global.gc?.();
const heldAfter = process.memoryUsage().heapUsed;
const incremental = await timedSync(false);
const quiet = [await timedSync(false), await timedSync(false)];
const edited = await editLeads(10);
const afterEdits = await timedSync(false);

// Baseline: the raw driver inserting the very documents the sync stored (as a first sync does), in the same
// page and write-batch sizes, with the same unique index.
const client = await MongoClient.connect(database.url);
const db = client.db(database.name);
const documents = await db.collection('data_lake_serving').find({}, { projection: { _id: 0 } }).toArray();
const baseline = db.collection('bench_baseline');
await baseline.createIndex({ entity_type: 1, serving_id: 1 }, { unique: true });
const batch = await writeBatchSize(db);
const pageSize = Number(values['page-size']);
const baselineStarted = performance.now();
for (let i = 0; i < documents.length; i += pageSize) {
  const operations: AnyBulkWriteOperation<Document>[] = documents.slice(i, i + pageSize).map((doc) => ({ insertOne: { document: { ...doc } } }));
  for (let j = 0; j < operations.length; j += batch) await baseline.bulkWrite(operations.slice(j, j + batch), { ordered: false });
}
const baselineSeconds = (performance.now() - baselineStarted) / 1000;

const syncRate = full.inserted / full.entitySeconds;
const baselineRate = documents.length / baselineSeconds;
const rows = [
  ['records stored (all six entities)', String(full.inserted)],
  ['full sync: reading and storing the records', `${full.entitySeconds.toFixed(1)} s, ${syncRate.toFixed(0)} records/s`],
  ['raw driver bulkWrite, same documents', `${baselineSeconds.toFixed(1)} s, ${baselineRate.toFixed(0)} records/s`],
  ['full sync / raw driver', `${(syncRate / baselineRate).toFixed(2)} (aim >= 0.6)`],
  ['full sync with the dashboard sums rebuilt after it', `${full.seconds.toFixed(1)} s, ${(full.inserted / full.seconds).toFixed(0)} records/s`],
  ['incremental run, no change', `${incremental.seconds.toFixed(2)} s, ${incremental.fetched} records re-read`],
  ['incremental / full', `${((incremental.seconds / full.seconds) * 100).toFixed(1)} % (aim < 5 %)`],
  ['database commands, full sync', commandsOf(full.commands)],
  ['database commands, incremental run', commandsOf(incremental.commands)],
  ['records fetched by a 2nd and a 3rd run, no change', `${quiet.map((run) => run.fetched).join(', ')} (aim 0)`],
  [`records fetched by the next run after ${edited} leads edited in Odoo`, `${afterEdits.fetched} (aim ${edited})`],
  ['peak RSS during the full sync', `${mb(peak.rss)} (${mb(rssBefore)} before it; aim < 300 MB)`],
  ['peak JavaScript heap in use during the full sync', mb(peak.heapUsed)],
  ['JavaScript heap held before and after the full sync (after a full collection)', `${mb(heldBefore)}, ${mb(heldAfter)}`],
  ['database', `${database.engine}, write batches of ${batch}`],
  ['machine', `${(await import('node:os')).cpus().length} cores, Node ${process.version}`],
];
out(`\n### Sync, ${leads} leads\n`);
out('| measure | figure |\n|---|---|');
for (const [name, figure] of rows) out(`| ${name} | ${figure} |`);

process.send?.({ leads, rss: peak.rss, heapUsed: peak.heapUsed, heldAfter });

await client.close();
await app.close();
await fake.stop();
await database.local?.stop();
new Logger('Bench').log('done');
