// Every exchange recorded from a real Odoo server (../shared/odoo-transcripts) replayed in file order against the
// fake started as that version with the records the transcript holds: the fake must answer as Odoo did. Only
// what no fake can reproduce is left out, each exception named below with its reason.
import { ENTITY_DEFINITIONS } from '../../src/sync/entities/index.js';
import { FakeOdooServer } from './fake-odoo-server.js';
import { DATETIME_PATTERN } from './odoo-dates.js';
import { call } from './odoo-test-client.js';
import {
  type Exchange,
  modelCall,
  type OffTranscriptChange,
  modelledVersion,
  readTranscript,
  transcriptPath,
  transcriptReplay,
  transcriptVersions,
} from './transcript-dataset.js';

type Json = ReturnType<typeof JSON.parse>;

/** The fields the sync reads, per model: fields_get must list each of them exactly where Odoo does. */
const SYNC_FIELDS = new Map<string, Set<string>>();
for (const entity of ENTITY_DEFINITIONS) {
  const fields = SYNC_FIELDS.get(entity.model) ?? new Set<string>();
  entity.fields.forEach((field) => fields.add(field));
  SYNC_FIELDS.set(entity.model, fields);
}

/** Datetimes the server stamps itself on the records it creates: the replay runs at another moment than the recording. */
const SERVER_STAMPED = new Set(['create_date', 'write_date', 'date_open', 'date_last_stage_update', 'date_closed']);

/** What Odoo's predictive lead scoring gives a lead created without a probability, and what follows from it. */
const SCORED = new Set(['probability', 'automated_probability', 'prorated_revenue']);

/**
 * What the comparison leaves out, and why. Each rule names the part of an answer it covers; the figures of how
 * often each one applied are printed after the replay.
 */
const EXCEPTIONS = {
  traceback: "a traceback's text (error.data.debug, a JSON-2 error's debug): Odoo's own stack frames and line numbers",
  serverBuild: 'common.version server_version: "17.0-20240709" carries the build date of the recorded server\'s package',
  sqlText: "a psycopg2.errors message after its first line: PostgreSQL quotes the recorded INSERT's SQL around the fault",
  fieldsNotModelled: 'fields_get: the fields the fake does not model (it models those the sync reads, and more)',
  serverStamps: `${[...SERVER_STAMPED].join(', ')} of a record the replay created: stamped at the moment of the replay`,
  leadScoring:
    `${[...SCORED].join(', ')} of a lead the replay created without a probability: Odoo's predictive lead scoring ` +
    '(crm.lead _compute_probabilities) draws it from the won and lost leads of the whole database',
  idsTakenElsewhere: "a create's id: creates the file left out as duplicates took ids from the sequence (moved on before the create)",
  offTranscript: "the records' changes in Odoo between the recorded requests (edits, calls the file left out), applied when an answer first shows them",
} as const;

type ExceptionName = keyof typeof EXCEPTIONS;

interface Context {
  readonly exchange: Exchange;
  readonly model?: string;
  readonly method?: string;
  /** The records this replay created so far, per model: by id, the values their create gave. */
  readonly created: ReadonlyMap<string, ReadonlyMap<number, Readonly<Record<string, unknown>>>>;
  readonly used: Map<ExceptionName, number>;
}


const count = (used: Map<ExceptionName, number>, name: ExceptionName) => used.set(name, (used.get(name) ?? 0) + 1);

/** common.version over JSON-RPC. */
const isCommonVersion = (exchange: Exchange) => {
  const params = (exchange.request as { params?: { service?: unknown; method?: unknown } } | null)?.params;
  return exchange.path === '/jsonrpc' && params?.service === 'common' && params.method === 'version';
};

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text !== undefined && text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

/** The differences between what Odoo answered and what the fake answered, as "path: expected ..., got ...". */
class Comparison {
  readonly differences: string[] = [];
  private readonly context: Context;

  constructor(context: Context) {
    this.context = context;
  }

  private differ(path: string, expected: unknown, actual: unknown): void {
    this.differences.push(`${path}: Odoo ${show(expected)}, fake ${show(actual)}`);
  }

  value(path: string, expected: unknown, actual: unknown): void {
    if (typeOf(expected) !== typeOf(actual)) return this.differ(path, expected, actual);
    if (Array.isArray(expected)) return this.array(path, expected, actual as unknown[]);
    if (typeOf(expected) === 'object') return this.object(path, expected as Record<string, unknown>, actual as Record<string, unknown>);
    if (expected !== actual) this.differ(path, expected, actual);
  }

  private array(path: string, expected: unknown[], actual: unknown[]): void {
    if (expected.length !== actual.length) {
      const ids = (rows: unknown[]) => rows.map((row) => (typeOf(row) === 'object' ? (row as { id?: unknown }).id : row));
      return this.differ(`${path} (length ${expected.length} vs ${actual.length})`, ids(expected), ids(actual));
    }
    expected.forEach((item, index) => this.value(`${path}[${index}]`, item, actual[index]));
  }

  private object(path: string, expected: Record<string, unknown>, actual: Record<string, unknown>): void {
    const missing = Object.keys(expected).filter((key) => !(key in actual));
    const extra = Object.keys(actual).filter((key) => !(key in expected));
    if (missing.length > 0) this.differ(`${path} keys missing`, missing, []);
    if (extra.length > 0) this.differ(`${path} keys extra`, [], extra);
    for (const key of Object.keys(expected)) {
      if (key in actual) this.value(`${path}.${key}`, expected[key], actual[key]);
    }
  }

  /**
   * A record of a read answer. On a record the replay created, the server's own stamps are compared by form
   * only, and so is a lead's scored probability when its create gave none.
   */
  record(path: string, expected: Record<string, unknown>, actual: unknown): void {
    const given = this.context.created.get(this.context.model ?? '')?.get(expected.id as number);
    if (!given || typeOf(actual) !== 'object') return this.value(path, expected, actual);
    const row = actual as Record<string, unknown>;
    const stamped = (key: string) => SERVER_STAMPED.has(key) && typeof expected[key] === 'string';
    const scored = (key: string) => this.context.model === 'crm.lead' && SCORED.has(key) && !('probability' in given);
    for (const key of Object.keys(expected).filter(stamped)) {
      const value = row[key];
      if (typeof value !== 'string' || !DATETIME_PATTERN.test(value)) this.differ(`${path}.${key}`, expected[key], value);
      else count(this.context.used, 'serverStamps');
    }
    for (const key of Object.keys(expected).filter(scored)) {
      if (typeof row[key] !== typeof expected[key]) this.differ(`${path}.${key}`, expected[key], row[key]);
      else count(this.context.used, 'leadScoring');
    }
    const rest = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([key]) => !stamped(key) && !scored(key)));
    this.value(path, rest(expected), rest(row));
  }

  /** fields_get: every field both describe alike; the fake lists no field Odoo lacks, and every field the sync reads that Odoo has. */
  fieldsGet(path: string, expected: Record<string, unknown>, actual: Record<string, unknown>): void {
    const syncFields = SYNC_FIELDS.get(this.context.model ?? '') ?? new Set<string>();
    const extra = Object.keys(actual).filter((name) => !(name in expected));
    if (extra.length > 0) this.differ(`${path} fields Odoo does not have`, [], extra);
    for (const [name, description] of Object.entries(expected)) {
      if (name in actual) this.value(`${path}.${name}`, description, actual[name]);
      else if (syncFields.has(name)) this.differ(`${path}.${name} (read by the sync)`, description, undefined);
      else count(this.context.used, 'fieldsNotModelled');
    }
  }

  /** The result of a successful call. */
  result(path: string, expected: unknown, actual: unknown): void {
    const { method } = this.context;
    if ((method === 'read' || method === 'search_read') && Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
      expected.forEach((row, index) => this.record(`${path}[${index}]`, row as Record<string, unknown>, actual[index]));
      return;
    }
    if (method === 'fields_get' && typeOf(expected) === 'object' && typeOf(actual) === 'object') {
      return this.fieldsGet(path, expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    if (isCommonVersion(this.context.exchange) && typeOf(expected) === 'object' && typeOf(actual) === 'object') {
      const version = expected as Record<string, unknown>;
      const build = /^(\d+\.\d+(?:\+e)?)-\d{8}$/.exec(String(version.server_version));
      if (build) count(this.context.used, 'serverBuild');
      return this.value(path, build ? { ...version, server_version: build[1] } : version, actual);
    }
    this.value(path, expected, actual);
  }

  /** A serialized exception (JSON-RPC error.data, a JSON-2 error body). */
  exception(path: string, expected: Record<string, unknown>, actual: unknown): void {
    if (typeOf(actual) !== 'object') return this.differ(path, expected, actual);
    const row = actual as Record<string, unknown>;
    if (typeof row.debug !== 'string') this.differ(`${path}.debug`, 'a traceback', row.debug);
    else count(this.context.used, 'traceback');
    const sql = String(expected.name).startsWith('psycopg2.errors.');
    const firstLine = (text: unknown) => (sql && typeof text === 'string' ? text.split('\n')[0] : text);
    if (sql) count(this.context.used, 'sqlText');
    const comparable = (body: Record<string, unknown>) => ({
      ...body,
      debug: undefined,
      message: firstLine(body.message),
      arguments: Array.isArray(body.arguments) ? body.arguments.map(firstLine) : body.arguments,
    });
    this.value(path, comparable(expected), comparable(row));
  }
}

function compareJsonRpc(comparison: Comparison, expected: Json, actual: Json): void {
  if (typeOf(actual) !== 'object') return comparison.value('$', expected, actual);
  const { result, error, ...envelope } = expected;
  const { result: actualResult, error: actualError, ...actualEnvelope } = actual;
  comparison.value('$', envelope, actualEnvelope);
  if (error) {
    if (!actualError) return comparison.value('$.error', error, actualResult === undefined ? actualError : { result: actualResult });
    const { data, ...rest } = error;
    const { data: actualData, ...actualRest } = actualError;
    comparison.value('$.error', rest, actualRest);
    return comparison.exception('$.error.data', data, actualData);
  }
  if (actualError) return comparison.value('$.result', result, { error: actualError.data?.message ?? actualError });
  comparison.result('$.result', result, actualResult);
}

function compareJson2(comparison: Comparison, exchange: Exchange, actual: Json): void {
  const expected = exchange.response as Json;
  if (exchange.status !== 200 && typeOf(expected) === 'object') return comparison.exception('$', expected, actual);
  comparison.result('$', expected, actual);
}

/** The request as recorded, with this server's API key where the recording says `<api-key>`. */
function requestOf(server: FakeOdooServer, exchange: Exchange): RequestInit {
  const headers: Record<string, string> = {};
  const recorded = exchange.requestHeaders;
  if (recorded['content-type']) headers['Content-Type'] = recorded['content-type'];
  if (recorded['x-odoo-database']) headers['X-Odoo-Database'] = recorded['x-odoo-database'];
  if (recorded.authorization) {
    // The recording redacts the header; its note says when the key sent was a wrong one.
    headers.Authorization = `bearer ${/wrong api key/i.test(exchange.note) ? 'f'.repeat(40) : server.apiKey}`;
  }
  if (exchange.request === null || exchange.method === 'GET') return { method: exchange.method, headers };
  const body = JSON.stringify(exchange.request, (_, value: unknown) => (value === '<api-key>' ? server.apiKey : value));
  return { method: exchange.method, headers, body };
}

const mediaType = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

interface Replayed {
  readonly differences: string[];
  readonly used: Map<ExceptionName, number>;
}

/** The changes in Odoo the answer of this line is the first to show. */
function applyOffTranscript(server: FakeOdooServer, changes: readonly OffTranscriptChange[], used: Map<ExceptionName, number>): void {
  for (const change of changes) {
    if (change.kind === 'insert') server.insert(change.model, { id: change.id, ...change.values });
    if (change.kind === 'update') server.update(change.model, change.id, change.values);
    if (change.kind === 'delete') server.delete(change.model, change.id);
    count(used, 'offTranscript');
  }
}

/** Sends the recorded request and compares the fake's answer with Odoo's. */
async function compareAnswer(server: FakeOdooServer, exchange: Exchange, comparison: Comparison): Promise<Json> {
  const response = await fetch(`${server.url}${exchange.path}`, requestOf(server, exchange));
  const text = await response.text();
  if (response.status !== exchange.status) comparison.value('HTTP status', exchange.status, response.status);
  const contentType = response.headers.get('content-type') ?? '';
  if (mediaType(contentType) !== mediaType(exchange.responseContentType)) comparison.value('Content-Type', exchange.responseContentType, contentType);
  let actual: Json;
  try {
    actual = JSON.parse(text);
  } catch {
    actual = text;
  }
  if (typeof exchange.response === 'string') comparison.value('$', exchange.response, text);
  else if (exchange.path === '/jsonrpc') compareJsonRpc(comparison, exchange.response, actual);
  else compareJson2(comparison, exchange, actual);
  return actual;
}

async function replay(version: string): Promise<Replayed> {
  const plan = transcriptReplay(version);
  const start = new Date(`${plan.dataset.now.replace(' ', 'T')}Z`);
  const server = await FakeOdooServer.start({ version: plan.version, dataset: plan.dataset, startTime: new Date(start.getTime() + 1000) });
  if (server.uid !== plan.uid) throw new Error(`the recorded API user is uid ${plan.uid}, the fake's is ${server.uid}`);
  const used = new Map<ExceptionName, number>();
  const created = new Map<string, Map<number, Record<string, unknown>>>();
  const differences: string[] = [];
  try {
    for (const exchange of plan.exchanges) {
      applyOffTranscript(server, plan.changes.get(exchange.line) ?? [], used);
      const recorded = modelCall(exchange);
      const recordedIds = recorded?.method === 'create' && recorded.ok ? [recorded.result].flat() : [];
      if (recorded && typeof recordedIds[0] === 'number' && server.advanceIdSequence(recorded.model, recordedIds[0]) > 0) {
        count(used, 'idsTakenElsewhere');
      }
      const comparison = new Comparison({ exchange, model: recorded?.model, method: recorded?.method, created, used });
      const actual = await compareAnswer(server, exchange, comparison);
      if (recorded?.method === 'create') {
        const ids = [actual?.result ?? actual].flat().filter((id): id is number => typeof id === 'number');
        const valsList = [recorded.args[0] ?? recorded.kwargs.vals_list].flat() as Record<string, unknown>[];
        const byId = created.get(recorded.model) ?? new Map<number, Record<string, unknown>>();
        ids.forEach((id, index) => byId.set(id, valsList[index] ?? {}));
        created.set(recorded.model, byId);
      }
      const where = `odoo-${version}.jsonl:${exchange.line} (${exchange.note})`;
      differences.push(...comparison.differences.map((difference) => `${where} ${difference}`));
    }
  } finally {
    await server.stop();
  }
  return { differences, used };
}

const VERSIONS = transcriptVersions();

describe('the transcripts of real Odoo servers', () => {
  it(`are there to replay (${transcriptPath('<version>')})`, () => {
    expect(VERSIONS.length).toBeGreaterThan(0);
  });
});

describe.each(VERSIONS)('the fake as Odoo %s, replaying its transcript', (version) => {
  it('answers every recorded exchange as Odoo did, in file order', async () => {
    const { differences, used } = await replay(version);
    const applied = [...used].map(([name, count]) => `  ${count} x ${name}: ${EXCEPTIONS[name]}`);
    console.log(`odoo-${version}.jsonl: ${differences.length} differences; left out or applied:\n${applied.join('\n')}`);
    expect(differences).toEqual([]);
  });

  it('lists in fields_get each field the sync reads exactly where the recorded Odoo does, with its type', async () => {
    const recorded = new Map<string, Record<string, { type?: string }>>();
    for (const exchange of readTranscript(version)) {
      const fieldsGet = modelCall(exchange);
      if (fieldsGet?.method === 'fields_get' && fieldsGet.ok) recorded.set(fieldsGet.model, fieldsGet.result as Record<string, { type?: string }>);
    }
    const server = await FakeOdooServer.start({ version: modelledVersion(version) });
    try {
      for (const [model, fields] of SYNC_FIELDS) {
        const odoo = recorded.get(model);
        expect([model, odoo !== undefined]).toEqual([model, true]);
        const fake: Record<string, { type: string }> = await call(server, model, 'fields_get', [], { attributes: ['type'] });
        const typesOf = (described: Record<string, { type?: string }>) =>
          Object.fromEntries([...fields].map((name) => [name, described[name]?.type ?? 'absent']));
        expect([model, typesOf(fake)]).toEqual([model, typesOf(odoo ?? {})]);
      }
    } finally {
      await server.stop();
    }
  });
});
