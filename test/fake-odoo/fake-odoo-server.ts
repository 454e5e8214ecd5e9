import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Dataset, generateDataset } from './dataset.js';
import { FakeDatabase } from './fake-database.js';
import { FakeTransaction } from './fake-transaction.js';
import { CallLog, type Fault, FaultInjector, type FaultKind, type FaultSettings, type QueuedFaultOptions } from './fault-injector.js';
import { type HttpReply, routeCall, serveCall } from './http-routes.js';
import { ModelRegistry, type OdooModel } from './model-registry.js';
import { addSeconds, parseDatetime } from './odoo-dates.js';
import { ADMIN_UID, OdooInstance } from './odoo-instance.js';
import { majorOf, type OdooVersion } from './odoo-version.js';
import { type ReadRecord, readRecords, resolveReadFields } from './orm-read.js';
import { createRecords, existingRecords, unlinkRecords, writeRecords } from './orm-write.js';
import { ServerClock } from './server-clock.js';
import type { WebhookEvent } from './webhook-sender.js';

export interface FakeOdooServerOptions {
  /** '16.0', '17.0' (default), '18.0' or '19.0': JSON-2 and /web/version exist from 19.0. */
  readonly version?: OdooVersion;
  /** Reports "+e" versions and enterprise-only fields (crm.lead won_status before 19.0). */
  readonly enterprise?: boolean;
  readonly database?: string;
  readonly login?: string;
  readonly password?: string;
  /** 40 hex characters, like the keys Odoo generates; random when not given. */
  readonly apiKey?: string;
  /** Defaults to the reference data of generateDataset({ leads: 0 }). The server works on copies of its rows. */
  readonly dataset?: Dataset;
  /** Let the server keep and change the dataset's own rows instead of copies: half the memory for big ones. */
  readonly adoptDataset?: boolean;
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Keep write_date to the microsecond as PostgreSQL does; reads still show whole seconds. */
  readonly subSecondWriteDates?: boolean;
  /** Seeds the fault rates' draws, for reproducible flaky runs. */
  readonly faultSeed?: number;
  /** Where the server clock starts; defaults to now, or just after the dataset's `now` if that is later. */
  readonly startTime?: Date;
}

/** A reverse proxy's answer when Odoo is down (nginx). */
const PROXY_502: HttpReply = {
  status: 502,
  headers: { 'Content-Type': 'text/html' },
  body:
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
    '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function send(response: ServerResponse, reply: HttpReply): void {
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}

/** Announces the whole body, sends half of it, and closes the connection. */
function sendTruncated(response: ServerResponse, reply: HttpReply): void {
  const body = Buffer.from(reply.body);
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': body.length });
  response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function createInstance(options: FakeOdooServerOptions, dataset: Dataset, clock: ServerClock): OdooInstance {
  const version = options.version ?? '17.0';
  const enterprise = options.enterprise ?? false;
  const db = new FakeDatabase({
    name: options.database ?? dataset.database ?? 'odoo',
    registry: new ModelRegistry(majorOf(version), enterprise),
    records: dataset.records,
    clock,
    subSecondWriteDates: options.subSecondWriteDates,
    adoptRecords: options.adoptDataset,
  });
  const credentials = {
    login: options.login ?? dataset.login ?? 'admin',
    password: options.password ?? 'admin',
    apiKey: options.apiKey ?? randomBytes(20).toString('hex'),
  };
  const admin = db.get('res.users', ADMIN_UID);
  if (admin) admin.login = credentials.login;
  return new OdooInstance(version, enterprise, db, credentials);
}

function clockStart(dataset: Dataset, startTime: Date | undefined): Date {
  if (startTime) return startTime;
  const afterData = addSeconds(parseDatetime(dataset.now), 1);
  return afterData.getTime() > Date.now() ? afterData : new Date();
}

/**
 * An Odoo server on loopback speaking JSON-RPC (/jsonrpc) and, from 19.0, JSON-2 (/json/2/<model>/<method>)
 * the way Odoo does, over an in-memory database, with fault knobs for tests.
 */
export class FakeOdooServer {
  readonly url: string;
  readonly version: OdooVersion;
  readonly database: string;
  readonly login: string;
  readonly password: string;
  readonly apiKey: string;
  readonly uid = ADMIN_UID;
  readonly clock: ServerClock;
  private readonly instance: OdooInstance;
  private readonly server: Server;
  private readonly faults: FaultInjector;
  private readonly callLog = new CallLog();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(server: Server, instance: OdooInstance, clock: ServerClock, faults: FaultInjector, url: string) {
    this.server = server;
    this.instance = instance;
    this.clock = clock;
    this.faults = faults;
    this.url = url;
    this.version = instance.version;
    this.database = instance.db.name;
    this.login = instance.credentials.login;
    this.password = instance.credentials.password;
    this.apiKey = instance.credentials.apiKey;
  }

  static async start(options: FakeOdooServerOptions = {}): Promise<FakeOdooServer> {
    const dataset = options.dataset ?? generateDataset({ leads: 0 });
    const clock = new ServerClock(clockStart(dataset, options.startTime));
    const instance = createInstance(options, dataset, clock);
    // Longer than the clients' idle keep-alive: a client reusing a connection the server is closing gets a reset.
    const server = createServer({ keepAliveTimeout: 65_000 });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeOdooServer(server, instance, clock, new FaultInjector(options.faultSeed), `http://${host}:${port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void fake.handle(request, response));
    return fake;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.socket?.destroy();
    this.hanging.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // --- faults and counters -------------------------------------------------------------------------------

  /** Changes the fault knobs; the ones not given keep their value. */
  setFaults(settings: Partial<FaultSettings>): void {
    this.faults.set(settings);
    this.instance.authFailure = this.faults.current.authFailure;
  }

  /** Back to a healthy server: no latency, no rates, nothing queued. */
  clearFaults(): void {
    this.faults.clear();
    this.instance.authFailure = false;
  }

  /**
   * The next `count` requests fail with `kind`, whatever the rates say; `options` narrows them to the calls of a
   * model and method and lets the first `after` of those through.
   */
  failNext(count: number, kind: FaultKind, options: QueuedFaultOptions = {}): void {
    this.faults.failNext(count, kind, options);
  }

  /** Calls received for a model and method (model "common" for the common service); all calls without arguments. */
  calls(model?: string, method?: string): number {
    return this.callLog.count(model, method);
  }

  resetCalls(): void {
    this.callLog.reset();
  }

  // --- direct access for tests -----------------------------------------------------------------------------

  /** Every record of a model (archived ones too) as `read` returns them. */
  records(model: string): ReadRecord[] {
    const odooModel = this.model(model);
    return readRecords(this.instance.db, odooModel, this.instance.db.all(model), resolveReadFields(odooModel, []));
  }

  record(model: string, id: number): ReadRecord | undefined {
    const odooModel = this.model(model);
    const record = this.instance.db.get(model, id);
    return record ? readRecords(this.instance.db, odooModel, [record], resolveReadFields(odooModel, []))[0] : undefined;
  }

  /** Creates a record as the admin; `id`, `create_date` and `write_date` may be given to build a history. */
  insert(model: string, values: Readonly<Record<string, unknown>>): number {
    const { id, create_date: createDate, write_date: writeDate, ...rest } = values;
    const dates = { create_date: optionalText(createDate), write_date: optionalText(writeDate) };
    const ids = typeof id === 'number' ? [id] : undefined;
    return createRecords(this.instance.db, this.model(model), [rest], { uid: ADMIN_UID, dates, ids })[0].id;
  }

  /**
   * Moves a model's id sequence on, so that the next create gets `nextId` (never backwards), as creates made
   * elsewhere would; answers how many ids it skipped.
   */
  advanceIdSequence(model: string, nextId: number): number {
    return this.instance.db.table(this.model(model).name).advanceSequence(nextId);
  }

  /** Writes on a record as the admin: write_date moves to the server's now unless given. */
  update(model: string, id: number, values: Readonly<Record<string, unknown>>): void {
    const odooModel = this.model(model);
    const { write_date: writeDate, ...rest } = values;
    const records = existingRecords(this.instance.db, odooModel, [id], ADMIN_UID, 'write');
    writeRecords(this.instance.db, odooModel, records, rest, { uid: ADMIN_UID, dates: { write_date: optionalText(writeDate) } });
  }

  archive(model: string, id: number): void {
    if (!this.model(model).hasActive) throw new Error(`${model} has no active field`);
    this.update(model, id, { active: false });
  }

  delete(model: string, id: number): void {
    unlinkRecords(this.instance.db, this.model(model), [id]);
  }

  /** The event an automation rule's webhook would send for a record: record.read(fields, load=None)[0]. */
  webhookEvent(model: string, id: number, fields: readonly string[]): WebhookEvent {
    const odooModel = this.model(model);
    const record = this.instance.db.get(model, id);
    if (!record) throw new Error(`${model}(${id}) does not exist`);
    const readFields = resolveReadFields(odooModel, fields);
    const values = readRecords(this.instance.db, odooModel, [record], readFields, null)[0];
    const floatFields = readFields.filter((field) => field.type === 'float' || field.type === 'monetary').map((field) => field.name);
    return { model, id, values, floatFields };
  }

  /**
   * Opens a transaction as Odoo holds one for a request: what it creates, writes or deletes is invisible to every
   * request until it commits, and webhooks it sends meanwhile see its changes (see FakeTransaction).
   */
  begin(): FakeTransaction {
    return new FakeTransaction(this.instance.db, (model, id, fields) => this.webhookEvent(model, id, fields));
  }

  /** Runs `work` in a transaction, committed when it resolves and rolled back when it throws: one request's save. */
  async transaction<T>(work: (transaction: FakeTransaction) => Promise<T> | T): Promise<T> {
    const transaction = this.begin();
    let result: T;
    try {
      result = await work(transaction);
    } catch (error) {
      transaction.rollback();
      throw error;
    }
    transaction.commit();
    return result;
  }

  /** The server's current time as an Odoo datetime. */
  now(): string {
    return this.instance.db.now();
  }

  setTime(moment: Date, options: { frozen?: boolean } = {}): void {
    this.clock.set(moment, options.frozen ?? false);
  }

  private model(name: string): OdooModel {
    const model = this.instance.db.model(name);
    if (!model) throw new Error(`the fake has no model ${name}`);
    return model;
  }

  // --- HTTP ---------------------------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const rawBody = await readBody(request);
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const routed = routeCall({ method: request.method ?? 'GET', path, headers: headersOf(request), rawBody }, this.instance.major);
      if (routed.target) this.callLog.record(routed.target.model, routed.target.method);
      const fault = this.faults.draw(routed.target);
      const latency = fault?.kind === 'slow' ? fault.delayMs! : this.faults.latency();
      if (latency > 0) await sleep(latency);
      this.answer(request, response, fault, () => serveCall(this.instance, routed));
    } catch (error) {
      if (!response.headersSent) send(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: String(error) });
    }
  }

  private answer(request: IncomingMessage, response: ServerResponse, drawn: Fault | undefined, serve: () => HttpReply): void {
    const fault = drawn?.kind;
    if (fault === 'hang') {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault === 'html') {
      send(response, PROXY_502);
      return;
    }
    if (fault === 'error' || fault === 'auth') this.instance.armFailure(fault);
    let reply: HttpReply;
    try {
      reply = serve();
    } finally {
      this.instance.disarm();
    }
    // Odoo's Date header comes from Odoo's own clock, which tests move; Node would stamp this machine's.
    const answered = { ...reply, headers: { ...reply.headers, Date: this.clock.now().toUTCString() } };
    if (fault === 'truncate') sendTruncated(response, answered);
    else send(response, answered);
  }
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
