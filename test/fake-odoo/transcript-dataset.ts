// Recordings of real Odoo servers (../shared/odoo-transcripts, one `odoo-<version>.jsonl` per version, one
// exchange a line; its README says how they were made) turned into the fake's data: the records the `read` and
// `search_read` answers hold, so Odoo's real demo data can be served, and the plan to replay a recording in order.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset.js';
import { LOG_ACCESS_FIELDS, ModelRegistry, type OdooField } from './model-registry.js';
import type { StoredRecord, StoredValue } from './model-types.js';
import { ADMIN_UID } from './odoo-instance.js';
import { isOdooVersion, majorOf, type OdooVersion } from './odoo-version.js';

const TRANSCRIPTS_DIR = process.env.ODOO_TRANSCRIPTS_DIR ?? path.resolve(import.meta.dirname, '../../../shared/odoo-transcripts');

const FILE_NAME = /^odoo-(.+)\.jsonl$/;

/** One line of a transcript: a request as sent and Odoo's answer. */
export interface Exchange {
  /** 0-based line of the file. */
  readonly line: number;
  readonly odooVersion: string;
  readonly note: string;
  readonly method: string;
  readonly path: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly request: unknown;
  readonly status: number;
  readonly responseContentType: string;
  readonly response: unknown;
}

/** A call on a model: execute_kw over JSON-RPC, or /json/2/<model>/<method>. */
export interface ModelCall {
  readonly model: string;
  readonly method: string;
  /** The positional arguments (JSON-RPC) after the ids of a method on records. */
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The records a method on records acts on: args[0] over JSON-RPC, `ids` over JSON-2. */
  readonly ids: readonly number[];
  /** Whether Odoo answered without an error, and its answer then. */
  readonly ok: boolean;
  readonly result: unknown;
}

/** A change Odoo went through that no request of the file made: an edit in Odoo, or a call the file left out. */
export interface OffTranscriptChange {
  readonly kind: 'insert' | 'update' | 'delete';
  readonly model: string;
  readonly id: number;
  /** insert: the record's values; update: the fields that changed, write_date among them; delete: none. */
  readonly values: Readonly<Record<string, StoredValue>>;
}

/** Where the fake starts to replay a transcript, and what changed in Odoo between the recorded requests. */
export interface TranscriptReplay {
  readonly version: OdooVersion;
  readonly exchanges: readonly Exchange[];
  /** The records as they were before the first exchange, with the recorded database and login. */
  readonly dataset: Dataset;
  /** The uid the recorded server gave the API user. */
  readonly uid: number;
  /** By line: the changes the answer of that line is the first to show, to apply just before it. */
  readonly changes: ReadonlyMap<number, readonly OffTranscriptChange[]>;
}

/** `odoo-<version>.jsonl` in the transcripts folder. */
export function transcriptPath(version: string): string {
  return path.join(TRANSCRIPTS_DIR, `odoo-${version}.jsonl`);
}

/** The versions of the transcript files present (from their names), in version order. */
export function transcriptVersions(): string[] {
  const versions = readdirSync(TRANSCRIPTS_DIR).flatMap((name) => FILE_NAME.exec(name)?.[1] ?? []);
  return versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** A line as the file holds it (the fields its README describes). */
interface RecordedLine {
  readonly odoo_version?: string;
  readonly note?: string;
  readonly method: string;
  readonly path: string;
  readonly request_headers?: Record<string, string>;
  readonly request: unknown;
  readonly status: number;
  readonly response_content_type?: string;
  readonly response: unknown;
}

/** Every exchange of a transcript file, each line checked to be from the version its file name says. */
export function readTranscript(version: string): Exchange[] {
  const lines = readFileSync(transcriptPath(version), 'utf8').split('\n').filter((line) => line.trim() !== '');
  return lines.map((text, line) => {
    const recorded = JSON.parse(text) as RecordedLine;
    if (recorded.odoo_version !== version) {
      throw new Error(`${transcriptPath(version)} line ${line}: odoo_version ${recorded.odoo_version ?? 'missing'}, not ${version}`);
    }
    return {
      line,
      odooVersion: version,
      note: recorded.note ?? '',
      method: recorded.method,
      path: recorded.path,
      requestHeaders: recorded.request_headers ?? {},
      request: recorded.request,
      status: recorded.status,
      responseContentType: recorded.response_content_type ?? '',
      response: recorded.response,
    };
  });
}

/** The fake's version for a transcript's, or a clear refusal when the fake does not model it. */
export function modelledVersion(version: string): OdooVersion {
  if (!isOdooVersion(version)) {
    throw new Error(
      `${transcriptPath(version)} is from Odoo ${version}, which the fake does not model: add the version to ` +
        'test/fake-odoo/odoo-version.ts and what differs in it to the fake',
    );
  }
  return version;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const idsOf = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).filter((item): item is number => typeof item === 'number');

/** The model call an exchange makes, if it makes one. */
export function modelCall(exchange: Exchange): ModelCall | undefined {
  const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(exchange.path);
  if (json2) {
    const body = isObject(exchange.request) ? exchange.request : {};
    const ok = exchange.status === 200;
    return { model: json2[1], method: json2[2], args: [], kwargs: body, ids: idsOf(body.ids), ok, result: ok ? exchange.response : undefined };
  }
  const params = isObject(exchange.request) && isObject(exchange.request.params) ? exchange.request.params : undefined;
  if (exchange.path !== '/jsonrpc' || params?.service !== 'object' || params.method !== 'execute_kw' || !Array.isArray(params.args)) {
    return undefined;
  }
  const [, , , model, method, args = [], kwargs = {}] = params.args as unknown[];
  const positional = Array.isArray(args) ? (args as unknown[]) : [];
  const response = isObject(exchange.response) ? exchange.response : {};
  const ok = 'result' in response;
  return {
    model: String(model),
    method: String(method),
    args: positional,
    kwargs: isObject(kwargs) ? kwargs : {},
    ids: ['read', 'write', 'unlink'].includes(String(method)) ? idsOf(positional[0]) : [],
    ok,
    result: ok ? response.result : undefined,
  };
}

/** What the answers of one line tell about one record. */
interface Observation {
  readonly line: number;
  readonly model: string;
  readonly id: number;
  readonly values: Readonly<Record<string, StoredValue>>;
}

const sameValue = (a: StoredValue | undefined, b: StoredValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

const recordKey = (model: string, id: number) => `${model},${id}`;

/** A value read from Odoo in the fake's stored form: a many2one as its id. */
function storedValue(field: OdooField, value: unknown): StoredValue | undefined {
  if (field.type === 'many2one') return Array.isArray(value) ? (value[0] as number) : typeof value === 'number' ? value : false;
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.filter((item): item is number => typeof item === 'number');
  return typeof value === 'object' ? undefined : (value as StoredValue);
}

/**
 * Related fields that tell about another record: a lead's `company_currency` is related='company_id.currency_id',
 * and so is a move's `company_currency_id`.
 */
const RELATED_FIELDS = [
  { model: 'crm.lead', field: 'company_currency', through: 'company_id', target: 'res.company', targetField: 'currency_id' },
  { model: 'account.move', field: 'company_currency_id', through: 'company_id', target: 'res.company', targetField: 'currency_id' },
] as const;

/** Searches whose domain is a conjunction of `field = value`: every id found has those values. */
function searchFacts(registry: ModelRegistry, call: ModelCall): Record<string, StoredValue> | undefined {
  const domain = call.args[0] ?? call.kwargs.domain ?? call.kwargs.args;
  const model = registry.get(call.model);
  if (!model || !Array.isArray(domain) || domain.length === 0) return undefined;
  const facts: Record<string, StoredValue> = {};
  for (const term of domain as unknown[]) {
    if (!Array.isArray(term) || term.length !== 3 || term[1] !== '=') return undefined;
    const field = typeof term[0] === 'string' ? model.field(term[0]) : undefined;
    if (!field?.stored || field.compute || field.relation || field.name === 'id') return undefined;
    facts[field.name] = term[2] as StoredValue;
  }
  return facts;
}

/** Everything the answers of a transcript tell about records, in the order of the lines. */
class TranscriptFacts {
  readonly observations: Observation[] = [];
  /** Display names of many2one targets. */
  readonly names = new Map<string, string>();
  /** Records the replayed requests create, and the first id each model's creates got. */
  readonly created = new Set<string>();
  readonly firstCreated = new Map<string, number>();
  /** Records a read asked for and did not find. */
  readonly readMissing: { line: number; model: string; id: number }[] = [];
  private readonly registry: ModelRegistry;
  /** Values of the related fields of RELATED_FIELDS, told about another record once the record's company is known. */
  private readonly related: { line: number; model: string; id: number; field: string; value: StoredValue }[] = [];

  constructor(registry: ModelRegistry, exchanges: readonly Exchange[]) {
    this.registry = registry;
    for (const exchange of exchanges) {
      const call = modelCall(exchange);
      if (call?.ok) this.learn(exchange.line, call);
    }
    this.learnRelated();
    this.observations.sort((a, b) => a.line - b.line);
  }

  private learnRelated(): void {
    for (const seen of this.related) {
      for (const related of RELATED_FIELDS.filter((candidate) => candidate.model === seen.model && candidate.field === seen.field)) {
        const through = this.observations
          .filter((observation) => observation.model === seen.model && observation.id === seen.id)
          .map((observation) => observation.values[related.through])
          .find((value) => typeof value === 'number');
        const values = { [related.targetField]: seen.value };
        if (typeof through === 'number') this.observations.push({ line: seen.line, model: related.target, id: through, values });
      }
    }
  }

  private learn(line: number, call: ModelCall): void {
    if ((call.method === 'read' || call.method === 'search_read') && Array.isArray(call.result)) {
      const found = new Set<number>();
      for (const row of call.result as unknown[]) {
        if (isObject(row) && typeof row.id === 'number') {
          found.add(row.id);
          this.observe(line, call.model, row);
        }
      }
      if (call.method === 'read') {
        for (const id of call.ids) if (!found.has(id)) this.readMissing.push({ line, model: call.model, id });
      }
    }
    if (call.method === 'search' && Array.isArray(call.result)) {
      const facts = searchFacts(this.registry, call);
      if (facts) for (const id of idsOf(call.result)) this.observations.push({ line, model: call.model, id, values: facts });
    }
    if (call.method === 'create') {
      const ids = idsOf(call.result);
      if (ids.length > 0 && !this.firstCreated.has(call.model)) this.firstCreated.set(call.model, ids[0]);
      for (const id of ids) this.created.add(recordKey(call.model, id));
    }
  }

  private observe(line: number, modelName: string, row: Record<string, unknown>): void {
    const model = this.registry.get(modelName);
    if (!model) return;
    const values: Record<string, StoredValue> = {};
    for (const [name, value] of Object.entries(row)) {
      const field = model.field(name);
      if (!field || name === 'id') continue;
      if (field.type === 'many2one' && Array.isArray(value) && field.relation) {
        this.names.set(recordKey(field.relation, value[0] as number), String(value[1]));
      }
      const converted = storedValue(field, value);
      if (converted !== undefined) values[name] = converted;
    }
    const id = row.id as number;
    // Only stored values: the fake computes the others at read.
    const stored = Object.fromEntries(Object.entries(values).filter(([name]) => model.field(name)?.stored));
    this.observations.push({ line, model: modelName, id, values: stored });
    for (const related of RELATED_FIELDS) {
      const value = values[related.field];
      if (related.model === modelName && value !== undefined) this.related.push({ line, model: modelName, id, field: related.field, value });
    }
  }
}

/** The first value each field was seen with, or the last one. */
function merge(observations: readonly Observation[], which: 'first' | 'last'): Record<string, StoredValue> {
  const values: Record<string, StoredValue> = {};
  for (const observation of observations) {
    for (const [name, value] of Object.entries(observation.values)) {
      if (which === 'last' || !(name in values)) values[name] = value;
    }
  }
  return values;
}

/** The recorded server's database, login and API user. */
function serverIdentity(exchanges: readonly Exchange[]): { database?: string; login?: string; uid: number } {
  let database: string | undefined;
  let login: string | undefined;
  let uid: number | undefined;
  for (const exchange of exchanges) {
    const params = isObject(exchange.request) && isObject(exchange.request.params) ? exchange.request.params : undefined;
    const args = Array.isArray(params?.args) ? (params.args as unknown[]) : [];
    const result = isObject(exchange.response) ? exchange.response.result : undefined;
    if (params?.method === 'authenticate' && typeof result === 'number') {
      [database, login, uid] = [String(args[0]), String(args[1]), result];
      break;
    }
    if (params?.method === 'authenticate') login ??= String(args[1]);
    if (params?.service === 'object' && result !== undefined) [database, uid] = [database ?? String(args[0]), uid ?? Number(args[1])];
    if (exchange.path.startsWith('/json/2/') && exchange.status === 200) database ??= exchange.requestHeaders['x-odoo-database'];
    if (exchange.path === '/json/2/res.users/context_get' && isObject(exchange.response)) uid ??= Number(exchange.response.uid);
  }
  return { database, login, uid: uid ?? ADMIN_UID };
}

/** The latest create_date / write_date among records: the dataset's `now`. */
function latestDate(records: Readonly<Record<string, StoredRecord[]>>): string {
  let latest = '1970-01-01 00:00:00';
  for (const rows of Object.values(records)) {
    for (const row of rows) {
      for (const value of [row.create_date, row.write_date]) if (typeof value === 'string' && value > latest) latest = value;
    }
  }
  return latest.slice(0, 19);
}

/**
 * The names many2one answers show: a record only known as a target gets its display name as its name, one read
 * without its name gets it too, and a contact shown as "YourCompany, Marc Demo" with no parent company has
 * "YourCompany" as its company_name (res.partner _get_complete_name).
 */
function addNames(
  registry: ModelRegistry,
  records: Record<string, StoredRecord[]>,
  names: ReadonlyMap<string, string>,
  skip: (model: string, id: number) => boolean,
): void {
  for (const [key, displayName] of names) {
    const [modelName, id] = [key.slice(0, key.lastIndexOf(',')), Number(key.slice(key.lastIndexOf(',') + 1))];
    const model = registry.get(modelName);
    const nameField = model?.field('name')?.compute ? model.recName : 'name';
    if (!model?.field(nameField)?.stored || skip(modelName, id)) continue;
    const rows = (records[modelName] ??= []);
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) rows.push({ id, [nameField]: displayName });
    else if (row[nameField] === undefined) row[nameField] = displayName;
    else if (modelName === 'res.partner' && !row.parent_id && displayName.endsWith(`, ${String(row.name)}`) && model.field('company_name')) {
      row.company_name ??= displayName.slice(0, -`, ${String(row.name)}`.length);
    }
  }
  for (const rows of Object.values(records)) rows.sort((a, b) => a.id - b.id);
}

/**
 * account.move `date`, which no answer holds but the model's order sorts on: _compute_date dates a customer
 * invoice on its invoice date, and a draft without one on the day it was made.
 */
function addMoveDates(records: Record<string, StoredRecord[]>): void {
  for (const move of records['account.move'] ?? []) {
    const made = typeof move.create_date === 'string' ? move.create_date.slice(0, 10) : undefined;
    move.date ??= typeof move.invoice_date === 'string' ? move.invoice_date : made;
  }
}

class TranscriptData {
  readonly version: OdooVersion;
  readonly exchanges: Exchange[];
  readonly registry: ModelRegistry;
  readonly facts: TranscriptFacts;
  /** Observations per record, in line order. */
  readonly byRecord = new Map<string, Observation[]>();

  constructor(version: string) {
    this.version = modelledVersion(version);
    this.exchanges = readTranscript(version);
    this.registry = new ModelRegistry(majorOf(this.version), false);
    this.facts = new TranscriptFacts(this.registry, this.exchanges);
    for (const observation of this.facts.observations) {
      const key = recordKey(observation.model, observation.id);
      const list = this.byRecord.get(key) ?? [];
      list.push(observation);
      this.byRecord.set(key, list);
    }
  }

  /** Created by a request the file left out: after a replayed create of the model, by no replayed request. */
  createdOffTranscript(model: string, id: number): boolean {
    const first = this.facts.firstCreated.get(model);
    return first !== undefined && id > first && !this.facts.created.has(recordKey(model, id));
  }

  dataset(records: Record<string, StoredRecord[]>, skip: (model: string, id: number) => boolean = () => false): Dataset {
    addNames(this.registry, records, this.facts.names, skip);
    addMoveDates(records);
    const { database, login } = serverIdentity(this.exchanges);
    return { seed: 0, now: latestDate(records), records, database, login };
  }
}

function push(records: Record<string, StoredRecord[]>, model: string, row: StoredRecord): void {
  (records[model] ??= []).push(row);
}

/**
 * Follows a transcript line by line: the records as they were before the first line, the changes in Odoo that
 * later answers reveal (to replay them at the right moment), and the records as they were left.
 */
class ReplayPlanner {
  private readonly data: TranscriptData;
  private readonly initial: Record<string, StoredRecord[]> = {};
  private readonly changes = new Map<number, OffTranscriptChange[]>();
  /** The values last seen per record, and the records alive at the line being planned. */
  private readonly known = new Map<string, Record<string, StoredValue>>();
  private readonly alive = new Set<string>();

  constructor(data: TranscriptData) {
    this.data = data;
    for (const [key, observations] of data.byRecord) {
      const { model, id } = observations[0];
      if (this.later(model, id)) continue;
      const values = merge(observations, 'first');
      push(this.initial, model, { id, ...values });
      this.known.set(key, { ...values });
      this.alive.add(key);
    }
    for (const exchange of data.exchanges) this.planLine(exchange);
  }

  /** Created during the recording: by a replayed create, or by one the file left out. */
  private readonly later = (model: string, id: number) =>
    this.data.facts.created.has(recordKey(model, id)) || this.data.createdOffTranscript(model, id);

  replay(): TranscriptReplay {
    const { uid } = serverIdentity(this.data.exchanges);
    const dataset = this.data.dataset(this.initial, this.later);
    return { version: this.data.version, exchanges: this.data.exchanges, dataset, uid, changes: this.changes };
  }

  /** The records alive after the last line, with the last values seen. */
  finalDataset(): Dataset {
    const records: Record<string, StoredRecord[]> = {};
    for (const key of this.alive) {
      const values = this.known.get(key);
      const at = key.lastIndexOf(',');
      if (values) push(records, key.slice(0, at), { id: Number(key.slice(at + 1)), ...values });
    }
    return this.data.dataset(records);
  }

  private add(line: number, change: OffTranscriptChange): void {
    const list = this.changes.get(line) ?? [];
    list.push(change);
    this.changes.set(line, list);
  }

  private planLine(exchange: Exchange): void {
    const { line } = exchange;
    const call = modelCall(exchange);
    for (const read of this.data.facts.readMissing) {
      if (read.line === line) this.deleted(line, read.model, read.id);
    }
    if (call?.ok) for (const [model, id] of this.missingFromSearch(call)) this.deleted(line, model, id);
    for (const observation of this.data.facts.observations) if (observation.line === line) this.planObservation(observation);
    if (!call?.ok) return;
    if (call.method === 'unlink') for (const id of call.ids) this.alive.delete(recordKey(call.model, id));
    if (call.method === 'create') for (const id of idsOf(call.result)) this.alive.add(recordKey(call.model, id));
  }

  /** A record alive so far that an answer no longer finds was deleted in Odoo before that answer. */
  private deleted(line: number, model: string, id: number): void {
    const key = recordKey(model, id);
    if (!this.alive.has(key)) return;
    this.add(line, { kind: 'delete', model, id, values: {} });
    this.alive.delete(key);
  }

  /**
   * The records a complete search answer leaves out although their last known values match its domain. Only
   * domains of plain `field operator value` leaves are weighed, and only answers a limit did not cut.
   */
  private missingFromSearch(call: ModelCall): [string, number][] {
    if (call.method !== 'search' && call.method !== 'search_read') return [];
    const found = new Set(call.method === 'search' ? idsOf(call.result) : (call.result as { id: number }[]).map((row) => row.id));
    const { limit, offset } = call.kwargs;
    if ((typeof limit === 'number' && found.size >= limit) || (typeof offset === 'number' && offset > 0) || call.args.length > 1) return [];
    const domain = call.args[0] ?? call.kwargs.domain ?? call.kwargs.args ?? [];
    const context = isObject(call.kwargs.context) ? call.kwargs.context : {};
    const model = this.data.registry.get(call.model);
    if (!model || !Array.isArray(domain)) return [];
    const terms = [...(domain as unknown[])];
    if (model.hasActive && context.active_test !== false && !terms.some((term) => Array.isArray(term) && term[0] === 'active')) {
      terms.push(['active', '=', true]);
    }
    const missing: [string, number][] = [];
    for (const key of this.alive) {
      const id = Number(key.slice(key.lastIndexOf(',') + 1));
      if (key.slice(0, key.lastIndexOf(',')) !== call.model || found.has(id)) continue;
      if (matchesAll(terms, { ...this.known.get(key), id })) missing.push([call.model, id]);
    }
    return missing;
  }

  private planObservation(observation: Observation): void {
    const { line, model, id } = observation;
    const key = recordKey(model, id);
    const known = this.known.get(key);
    if (!this.alive.has(key)) {
      // Created off the transcript (or back after a deletion wrongly inferred): it is there from this answer on.
      const values = known ? { ...known, ...observation.values } : merge(this.data.byRecord.get(key) ?? [], 'first');
      this.add(line, { kind: 'insert', model, id, values: this.writable(model, values, ['create_date', 'write_date']) });
      this.alive.add(key);
      this.known.set(key, values);
      return;
    }
    if (!known) {
      // The first answer about a record the replay created: compared, not applied.
      this.known.set(key, { ...observation.values });
      return;
    }
    const changed: Record<string, StoredValue> = {};
    for (const [name, value] of Object.entries(observation.values)) {
      if (name in known && !sameValue(known[name], value)) changed[name] = value;
      known[name] = value;
    }
    const writable = this.writable(model, changed, ['write_date']);
    if (Object.keys(writable).length > 0) this.add(line, { kind: 'update', model, id, values: writable });
  }

  /** The values a create or write takes (the fake computes the others), with the given log fields. */
  private writable(modelName: string, values: Record<string, StoredValue>, logFields: readonly string[]): Record<string, StoredValue> {
    const model = this.data.registry.get(modelName);
    const takes = (name: string) => logFields.includes(name) || (!LOG_ACCESS_FIELDS.has(name) && model?.field(name)?.compute === undefined);
    return Object.fromEntries(Object.entries(values).filter(([name]) => takes(name)));
  }
}

const COMPARE: Readonly<Record<string, (value: StoredValue, operand: unknown) => boolean>> = {
  '=': (value, operand) => sameValue(value, operand as StoredValue),
  '!=': (value, operand) => !sameValue(value, operand as StoredValue),
  '<': (value, operand) => value < (operand as string | number),
  '<=': (value, operand) => value <= (operand as string | number),
  '>': (value, operand) => value > (operand as string | number),
  '>=': (value, operand) => value >= (operand as string | number),
  in: (value, operand) => Array.isArray(operand) && operand.includes(value),
  'not in': (value, operand) => Array.isArray(operand) && !operand.includes(value),
};

/**
 * Whether known values certainly match every `field operator value` leaf: false when a leaf is of another form,
 * names a field whose value is not known, or compares values of different types.
 */
function matchesAll(terms: readonly unknown[], values: Readonly<Record<string, StoredValue | undefined>>): boolean {
  return terms.every((term) => {
    if (!Array.isArray(term) || term.length !== 3 || typeof term[0] !== 'string') return false;
    const [name, operator, operand] = term as [string, string, unknown];
    const value = name === 'active' ? (values.active ?? true) : values[name];
    const compare = COMPARE[operator];
    if (value === undefined || !compare) return false;
    if (['<', '<=', '>', '>='].includes(operator) && typeof value !== typeof operand) return false;
    return compare(value, operand);
  });
}

/** The plan to replay a transcript against the fake, line by line, in file order. */
export function transcriptReplay(version: string): TranscriptReplay {
  return new ReplayPlanner(new TranscriptData(version)).replay();
}

/**
 * The records a transcript's answers hold as Odoo left them: each with the last value seen of each field,
 * without those deleted along the way (unlinked, or no longer found by a later answer). Served by
 * `FakeOdooServer.start({ version, dataset })` under the recorded database name and login.
 */
export function transcriptDataset(version: string): Dataset {
  return new ReplayPlanner(new TranscriptData(version)).finalDataset();
}
