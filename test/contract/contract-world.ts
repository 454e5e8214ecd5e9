import { createHmac, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { SyncRunner } from '../../src/sync/sync-runner.service.js';
import { UsersService } from '../../src/users/users.service.js';
import { SYNCED_MODELS } from '../../src/webhooks/webhook-events.js';
import { WebhookProcessor } from '../../src/webhooks/webhook-processor.service.js';
import { startSalesWorld, type SalesWorld } from '../sales/sales-world.js';
import { freePort } from '../support/free-port.js';
import { configureOdoo } from '../support/sync.js';
import { createUser, PASSWORD } from '../support/users.js';
import { badWholeBody, HUGE, OPERATORS, type Payload } from './mutations.js';
import type { OperationHints } from './requests.js';
import { simpleEmail } from './schema-arbitraries.js';

export interface FuzzCaller {
  name: 'admin' | 'salesperson' | 'anonymous';
  authorization: fc.Arbitrary<string | undefined>;
}

export interface ContractWorld {
  sales: SalesWorld;
  callers: FuzzCaller[];
  /** Per operationId. */
  hints: Record<string, OperationHints>;
  /** Waits for the syncs and webhook work the requests started. */
  settle(): Promise<void>;
  /** Puts the Odoo settings back as they were, whatever configure requests saved. */
  restoreOdoo(): Promise<void>;
}

const ids = (values: Iterable<number>) => fc.constantFrom(...new Set(values));
const recordIds = (sales: SalesWorld, model: string) => sales.fake.records(model).map((record) => record.id);

/**
 * The sales world (a fake Odoo synced into the app; an admin, a salesperson linked to Odoo) plus what fuzzing needs:
 * a webhook secret, throwaway users for the routes that change accounts, a user to sign in as, and real ids.
 */
export async function startContractWorld(): Promise<ContractWorld> {
  const webhookSecret = randomBytes(24).toString('hex');
  process.env.ODOO_WEBHOOK_SECRET = webhookSecret;
  const sales = await startSalesWorld();
  const { app } = sales;
  const me = async (headers: { authorization: string }) => (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json();
  // A super admin, so that changing who is one is exercised too.
  const admin = (await app.get(UsersService).update((await me(sales.admin.headers)).id, { is_super_admin: true }))!;
  const rep = await me(sales.rep.headers);
  // Only these may be deactivated, demoted or given a new password: the callers' own accounts stay as they are.
  const throwaways = await Promise.all([1, 2, 3, 4].map(() => createUser(app)));
  const loginUser = await createUser(app);
  const syncIds = (await app.inject({ method: 'GET', url: '/api/integrations/sync/logs', headers: sales.admin.headers })).json().items.map((log: { id: string }) => log.id);
  const closedPort = await freePort();

  const jwt = app.get(JwtService);
  const expired = await jwt.signAsync({ id: admin.id, email: admin.email, role: 'admin' }, { expiresIn: -60 });
  const unknownUser = await jwt.signAsync({ id: '00000000-0000-4000-8000-000000000000', email: 'ghost@example.com', role: 'admin' });
  const leadIds = ids(recordIds(sales, 'crm.lead'));
  const userIds = ids(recordIds(sales, 'res.users'));
  const partnerIds = ids(recordIds(sales, 'res.partner'));
  const uuids = (values: string[]) => fc.constantFrom(...values);

  return {
    sales,
    callers: [
      { name: 'admin', authorization: fc.constant(sales.admin.headers.authorization) },
      { name: 'salesperson', authorization: fc.constant(sales.rep.headers.authorization) },
      { name: 'anonymous', authorization: anonymousAuthorization(sales.admin.headers.authorization, expired, unknownUser) },
    ],
    hints: {
      login: {
        // Each request comes from a random client address (see requests.ts), so the per-client limit never trips;
        // most requests for loginUser carry its password, and a success clears its account's count of failures.
        body: { email: fc.constantFrom(loginUser.email, 'nobody@example.com', loginUser.email.toUpperCase()), password: fc.constant(PASSWORD) },
      },
      getUser: { path: { id: uuids([admin.id, rep.id, loginUser.id, ...throwaways.map((user) => user.id)]) } },
      updateUser: { path: { id: uuids(throwaways.map((user) => user.id)) } },
      resetPassword: { path: { id: uuids(throwaways.map((user) => user.id)) } },
      createUser: { body: { email: fc.oneof({ weight: 4, arbitrary: simpleEmail }, { weight: 1, arbitrary: fc.constant(loginUser.email.toUpperCase()) }) } },
      listUsers: { query: { q: fc.constantFrom('user', 'example', 'USER1') } },
      configureOdoo: {
        body: {
          url: fc.oneof({ weight: 3, arbitrary: fc.constant(sales.fake.url) }, { weight: 1, arbitrary: fc.constant(`http://127.0.0.1:${closedPort}`) }),
          database: fc.constant(sales.fake.database),
          username: fc.constant(sales.fake.login),
          api_key: fc.constant(sales.fake.apiKey),
        },
      },
      getSync: { path: { sync_id: uuids(syncIds) } },
      getOpportunity: { path: { id: leadIds.map(String) } },
      opportunityActivities: { path: { id: ids(sales.fake.records('mail.activity').map((a) => a.res_id as number)).map(String) } },
      listOpportunities: {
        query: { owner: userIds, partner_id: partnerIds, stage_id: ids(recordIds(sales, 'crm.stage')), team_id: ids(recordIds(sales, 'crm.team')), q: fc.constantFrom('a', 'corp', 'Office') },
      },
      createOpportunity: {
        body: { owner_id: userIds, partner_id: partnerIds, stage_id: ids(recordIds(sales, 'crm.stage')), team_id: ids(recordIds(sales, 'crm.team')) },
      },
      listActivities: { query: { owner: userIds, activity_type_id: ids(recordIds(sales, 'mail.activity.type')) } },
      listReceivables: { query: { partner_id: partnerIds, currency: fc.constantFrom('EUR', 'USD', 'XXX') } },
      listAccounts: { query: { q: fc.constantFrom('a', 'corp', 'example') } },
      receiveOdooWebhook: webhookHints(sales, webhookSecret),
    },
    async settle() {
      await app.get(SyncRunner).idle();
      await app.get(WebhookProcessor).idle();
    },
    restoreOdoo: () => configureOdoo(app, sales.admin.headers, sales.fake),
  };
}

/** No token, and tokens that must not pass: malformed, unsigned, signed with another secret, expired, of nobody. */
function anonymousAuthorization(valid: string, expired: string, unknownUser: string): fc.Arbitrary<string | undefined> {
  const [, payload] = valid.slice('Bearer '.length).split('.');
  const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const forged = `${header('HS256')}.${payload}`;
  const forgedSignature = createHmac('sha256', 'not the secret').update(forged).digest('base64url');
  return fc.constantFrom(
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Bearer x.y.z',
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${header('none')}.${payload}.`,
    `Bearer ${forged}.${forgedSignature}`,
    `Bearer ${expired}`,
    `Bearer ${unknownUser}`,
    `${valid}x`,
    `Bearer ${HUGE}`,
  );
}

/** Odoo-shaped events, signed correctly or not at all, stale, forged. */
function webhookHints(sales: SalesWorld, secret: string): OperationHints {
  const model = fc.oneof(fc.constantFrom(...SYNCED_MODELS), fc.constantFrom('res.company', 'sale.order', 'CRM.LEAD', ''), fc.string());
  const id = fc.oneof(ids(recordIds(sales, 'crm.lead')), fc.integer({ min: 1, max: 100_000 }), fc.constantFrom<unknown>(0, -1, 1.5, '7', null, 2 ** 53, ...OPERATORS));
  const event = fc.record({ _model: model, _id: id, _action: fc.string(), stage_id: fc.integer() }, { requiredKeys: [] });
  const json = (value: unknown): Payload => ({ text: JSON.stringify(value) });
  const payload = fc.oneof(
    { weight: 3, arbitrary: event.map(json) },
    { weight: 2, arbitrary: fc.array(event, { maxLength: 5 }).map(json) },
    { weight: 1, arbitrary: badWholeBody({ _model: 'crm.lead', _id: 1 }, false, true) },
  );
  const sign = (timestamp: string, text = '') => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${text}`).digest('hex')}`;
  const headers = (text: string | undefined) => {
    const now = String(Math.floor(Date.now() / 1000));
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    return fc.constantFrom<Record<string, string>>(
      { 'x-odoo-timestamp': now, 'x-odoo-signature': sign(now, text) },
      { 'x-odoo-timestamp': now, 'x-odoo-signature': sign(now, text) },
      { 'x-odoo-timestamp': now, 'x-odoo-signature': sign(now, text) },
      {},
      { 'x-odoo-timestamp': stale, 'x-odoo-signature': sign(stale, text) },
      { 'x-odoo-timestamp': now, 'x-odoo-signature': sign(now, `${text}x`) },
      { 'x-odoo-timestamp': 'yesterday', 'x-odoo-signature': 'sha256=zz' },
      { 'x-odoo-timestamp': `${now}.5`, 'x-odoo-signature': `md5=${'0'.repeat(32)}` },
      { 'x-odoo-timestamp': now, 'x-odoo-signature': HUGE },
    );
  };
  return { payload, headers };
}
