import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WebhookCountersService } from '../../src/webhooks/webhook-counters.service.js';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import { generateDataset } from '../fake-odoo/dataset.js';
import type { FakeOdooServer } from '../fake-odoo/fake-odoo-server.js';
import { webhookBody, webhookSignature } from '../fake-odoo/webhook-sender.js';
import { CommandLog, summarize, type CommandCount, type SentCommand } from '../support/command-log.js';
import { startFakeOdoo } from '../support/fake-odoo.js';
import { configureOdoo, runSync } from '../support/sync.js';
import { until } from '../support/until.js';
import { bearer, createSuperAdmin } from '../support/users.js';

// What a sync run with nothing changed and a webhook batch of one record send to MongoDB and read from it and
// from Odoo, at two sizes: none of it may grow with the number of records.
const SIZES = [1_000, 5_000];
const SECRET = 'webhook-secret-for-command-budgets';
/** Written on timers (counters once a second, expired receipts pruned at most once a second): not counted. */
const ON_TIMERS = new Set(['webhook_counters', 'webhook_deliveries']);

interface Measured extends CommandCount {
  /** Records read from Odoo. */
  fetched: number;
}

interface Budget {
  commands: number;
  documents: number;
  fetched: number;
  /** Why it may grow with the records (within these figures at the sizes here); without it, it may not. */
  grows?: string;
}

/** The most each may send and read, at any size; one that needs more fails until raised on purpose, with the reason. */
const BUDGETS = {
  'incremental run, nothing changed': { commands: 50, documents: 30, fetched: 0 },
  'webhook batch of one record': { commands: 20, documents: 10, fetched: 1 },
  'the dashboard rebuild a changed record sets off': {
    commands: 200,
    documents: 10_000,
    fetched: 0,
    grows:
      'The dashboard sums are rebuilt in one pass over the live deals, open activities and open invoices (by design, ' +
      'see SalesRollupsService), and written anew: it reads every such record and writes a row per owner and day or ' +
      'customer (1,600 documents read and 40 inserts at 1,000 leads, 8,100 and 150 at 5,000, in FerretDB\'s small write batches).',
  },
} satisfies Record<string, Budget>;
type Work = keyof typeof BUDGETS;

describe('commands of a sync run and a webhook batch at 1,000 and 5,000 leads', () => {
  let app: NestFastifyApplication;
  let log: CommandLog;
  let admin: { authorization: string };
  let fake: FakeOdooServer | undefined;
  const measured = new Map<number, Record<Work, Measured>>();

  beforeAll(async () => {
    // No lease heartbeat during a run: it would land in one measurement and not the other.
    Object.assign(process.env, { ODOO_RETRIES: '0', ODOO_WEBHOOK_SECRET: SECRET, SYNC_LEASE_SECONDS: '3600' });
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    log = new CommandLog(app);
    admin = await bearer(app, await createSuperAdmin(app));
    for (const leads of SIZES) {
      await fake?.stop();
      // Written an hour ago, as data is by the next scheduled run: a run reads again only what may have committed late.
      fake = await startFakeOdoo({ dataset: generateDataset({ seed: 7, leads, now: new Date(Date.now() - 3_600_000) }) });
      await configureOdoo(app, admin, fake);
      const synced = await runSync(app, admin, { full_resync: true });
      if (synced.status !== 'completed') throw new Error(`sync of ${leads} leads: ${JSON.stringify(synced)}`);
      const incremental = await incrementalRun();
      const [batch, rebuild] = await webhookBatch(fake);
      measured.set(leads, {
        'incremental run, nothing changed': incremental,
        'webhook batch of one record': batch,
        'the dashboard rebuild a changed record sets off': rebuild,
      });
    }
    console.log(table());
  }, 15 * 60_000);
  afterAll(async () => {
    await app.close();
    await fake?.stop();
  });

  async function incrementalRun(): Promise<Measured> {
    let fetched = 0;
    const count = await log.count(async () => {
      const run = await runSync(app, admin);
      fetched = Object.values(run.stats as Record<string, { fetched: number }>).reduce((total, stats) => total + stats.fetched, 0);
    });
    return { ...count, fetched };
  }

  /**
   * One lead changed in Odoo and announced, until it is stored and the dashboard's sums are rebuilt: what the batch
   * sends, and apart, what the rebuild sends (its passes over the lake, their getMores, its rows).
   */
  async function webhookBatch(fake: FakeOdooServer): Promise<[Measured, Measured]> {
    const lead = fake.records('crm.lead').find((record) => record.active && record.type === 'opportunity')!;
    fake.update('crm.lead', lead.id, { name: `Lead ${lead.id}, changed` });
    const body = webhookBody(fake.webhookEvent('crm.lead', lead.id, ['name']));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-odoo-timestamp': String(timestamp), 'x-odoo-signature': webhookSignature(SECRET, timestamp, body) };
    await log.count(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/webhooks/odoo', headers, payload: body });
      if (res.statusCode !== 202) throw new Error(`webhook: ${res.statusCode} ${res.body}`);
      await app.get(WebhookProcessor).idle();
      // The rebuild of the dashboard's sums the change set off ends with deleting the previous rows.
      await until(() => Promise.resolve(log.sent.some((command) => command.name === 'delete' && command.collection === 'sales_rollups' && command.replied)));
      await app.get(WebhookCountersService).flush();
    });
    const batch = await app.inject({ method: 'GET', url: '/api/integrations/sync/logs?trigger=webhook&page_size=1', headers: admin });
    const fetched = Object.values(batch.json().items[0].stats as Record<string, { fetched: number }>).reduce((total, stats) => total + stats.fetched, 0);
    const counted = log.sent.filter((command) => !ON_TIMERS.has(command.collection ?? ''));
    return [
      { ...summarize(counted.filter((command) => !ofRebuild(command))), fetched },
      { ...summarize(counted.filter(ofRebuild)), fetched: 0 },
    ];
  }

  /** The batch reads its records by id; the rebuild reads whole entities, in batches, and writes the sums. */
  function ofRebuild(command: SentCommand): boolean {
    if (command.collection === 'sales_rollups' || command.collection === 'sales_rollup_state' || command.name === 'getMore') return true;
    return command.name === 'find' && command.collection === 'data_lake_serving' && !('serving_id' in command.filter!);
  }

  function table(): string {
    const rows = (Object.keys(BUDGETS) as Work[]).map((work) => {
      const [small, large] = SIZES.map((leads) => measured.get(leads)![work]);
      return `| ${work} | ${small.commands} | ${large.commands} | ${small.documents} | ${large.documents} | ${small.fetched} | ${large.fetched} | ${JSON.stringify(large.byCommand)} |`;
    });
    const sizes = SIZES.join(' / ');
    return [`| work | commands (${sizes}) | | documents read (${sizes}) | | Odoo records (${sizes}) | | commands |`, '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
  }

  it.each(Object.keys(BUDGETS) as Work[])('%s: within its budget at both sizes, the same at both unless it grows on purpose', (work) => {
    const [small, large] = SIZES.map((leads) => measured.get(leads)![work]);
    const budget: Budget = BUDGETS[work];
    if (!budget.grows) {
      expect({ commands: large.commands, documents: large.documents, fetched: large.fetched }).toEqual({
        commands: small.commands,
        documents: small.documents,
        fetched: small.fetched,
      });
    }
    // Shown against the budget when over it.
    const most = { commands: Math.max(small.commands, large.commands), documents: Math.max(small.documents, large.documents), fetched: large.fetched };
    expect(most).toEqual({
      commands: Math.min(most.commands, budget.commands),
      documents: Math.min(most.documents, budget.documents),
      fetched: Math.min(most.fetched, budget.fetched),
    });
  });
});
