// Request/response pairs from Odoo's documentation and source, replayed against the fake. Where the fake's
// data differs from the documentation's demo database, the test checks the shape and the relations between
// answers (e.g. a page is a slice of the full search), not the demo ids.
import { generateDataset } from './dataset.js';
import { FakeOdooServer } from './fake-odoo-server.js';
import { call, json2, jsonRpc, postRaw } from './odoo-test-client.js';

const DATASET = () => generateDataset({ seed: 9, leads: 200, now: '2026-11-24 10:00:00' });

// odoo/documentation content/developer/reference/external_api.rst (17.0), external_rpc_api.rst (19.0):
// the XML-RPC examples, which JSON-RPC mirrors with the same arguments.
describe('external_api.rst (17.0) examples over JSON-RPC', () => {
  let server: FakeOdooServer;
  let companies: number[];

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '17.0', dataset: DATASET() });
    companies = await call(server, 'res.partner', 'search', [[['is_company', '=', true]]]);
  });
  afterAll(() => server.stop());

  it('"Logging in": common.version() answers the RPC_VERSION_1 dict (odoo/service/common.py)', async () => {
    // Documented: {"server_version": "13.0", "server_version_info": [13, 0, 0, "final", 0], "server_serie": "13.0",
    // "protocol_version": 1}; odoo/release.py adds the edition ('' or 'e') as a 6th item of version_info.
    const { result } = (await jsonRpc(server.url, 'common', 'version', [])).body;
    expect(Object.keys(result)).toEqual(['server_version', 'server_version_info', 'server_serie', 'protocol_version']);
    expect(result.server_version_info.slice(0, 5)).toEqual([17, 0, 0, 'final', 0]);
    expect(result.protocol_version).toBe(1);
  });

  it('"Logging in": common.authenticate(db, username, password, {}) answers the uid', async () => {
    expect((await jsonRpc(server.url, 'common', 'authenticate', [server.database, server.login, server.password, {}])).body.result).toBe(2);
  });

  it('"List records" / "Pagination": search, then offset 10 limit 5 is the slice [10:15] of it', async () => {
    // Documented: [7, 18, 12, 14, 17, 19, 8, 31, 26, 16, 13, 20, 30, 22, 29, 15, 23, 28, 74], then [13, 20, 30, 22, 29].
    expect(companies.length).toBeGreaterThanOrEqual(15);
    const page = await call(server, 'res.partner', 'search', [[['is_company', '=', true]]], { offset: 10, limit: 5 });
    expect(page).toEqual(companies.slice(10, 15));
    // The documented order is by name (Agrolait, Axelor, Bank Wealthy and sons, ...): res.partner _order.
    const names: string[] = (await call(server, 'res.partner', 'read', [companies, ['name']])).map((row: { name: string }) => row.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('"Count records": search_count answers what search would count', async () => {
    expect(await call(server, 'res.partner', 'search_count', [[['is_company', '=', true]]])).toBe(companies.length);
  });

  it('"Read records": all fields by default, or the three asked for plus the id', async () => {
    const [record] = await call(server, 'res.partner', 'read', [companies.slice(0, 1)]);
    expect(Object.keys(record).length).toBeGreaterThan(20);
    // Documented: [{"comment": false, "country_id": [21, "Belgium"], "id": 7, "name": "Agrolait"}]
    const [picked] = await call(server, 'res.partner', 'read', [companies.slice(0, 1)], { fields: ['name', 'country_id', 'comment'] });
    expect(picked).toEqual({ id: companies[0], name: expect.any(String), country_id: [expect.any(Number), expect.any(String)], comment: false });
  });

  it('"List record fields": fields_get with attributes string, help, type', async () => {
    const fields = await call(server, 'res.partner', 'fields_get', [], { attributes: ['string', 'help', 'type'] });
    for (const description of Object.values<Record<string, unknown>>(fields)) {
      expect(Object.keys(description).every((key) => ['string', 'help', 'type'].includes(key))).toBe(true);
      expect(description).toEqual(expect.objectContaining({ string: expect.any(String), type: expect.any(String) }));
    }
    // The magic fields of the "Inspection and introspection" example (17.0 has no __last_update any more).
    expect(fields).toMatchObject({
      create_uid: { type: 'many2one', string: 'Created by' },
      create_date: { type: 'datetime', string: 'Created on' },
      write_uid: { type: 'many2one', string: 'Last Updated by' },
      write_date: { type: 'datetime', string: 'Last Updated on' },
      display_name: { type: 'char', string: 'Display Name' },
      id: { type: 'integer' },
    });
  });

  it('"Search and read": search_read with fields and limit 5 answers what search + read would', async () => {
    const records = await call(server, 'res.partner', 'search_read', [[['is_company', '=', true]]], { fields: ['name', 'country_id', 'comment'], limit: 5 });
    expect(records).toEqual(await call(server, 'res.partner', 'read', [companies.slice(0, 5), ['name', 'country_id', 'comment']]));
  });

  it('"Create records", "Update records", "Delete records"', async () => {
    const id = await call(server, 'res.partner', 'create', [{ name: 'New Partner' }]);
    expect(Number.isInteger(id)).toBe(true);
    expect(await call(server, 'res.partner', 'write', [[id], { name: 'Newer partner' }])).toBe(true);
    // Documented (name_get, gone in 17.0): [[78, "Newer partner"]]; read of display_name is the 17.0 way.
    expect(await call(server, 'res.partner', 'read', [[id], ['display_name']])).toEqual([{ id, display_name: 'Newer partner' }]);
    expect(await call(server, 'res.partner', 'unlink', [[id]])).toBe(true);
    expect(await call(server, 'res.partner', 'search', [[['id', '=', id]]])).toEqual([]);
  });

  it('"Calling methods": name_search with the name by position and the limit by keyword', async () => {
    // Documented: execute_kw(db, uid, password, 'res.partner', 'name_search', ['foo'], {'limit': 10})
    const pairs = await call(server, 'res.partner', 'name_search', ['a'], { limit: 10 });
    expect(pairs.length).toBeLessThanOrEqual(10);
    expect(pairs.every(([id, name]: [number, string]) => Number.isInteger(id) && name.toLowerCase().includes('a'))).toBe(true);
  });

  it('"check_access_rights" answers true for the admin', async () => {
    expect(await call(server, 'res.partner', 'check_access_rights', ['read'], { raise_exception: false })).toBe(true);
  });
});

// odoo/http.py JsonRPCDispatcher.dispatch docstring:
//   --> {"jsonrpc": "2.0", "method": "call", "params": {"arg1": "val1" }, "id": null}
//   <-- {"jsonrpc": "2.0", "result": { "res1": "val1" }, "id": null}
// and odoo/addons/base/controllers/rpc.py: @route('/jsonrpc', type='json') def jsonrpc(self, service, method, args).
describe('odoo/http.py JSON-RPC framing', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '17.0' });
  });
  afterAll(() => server.stop());

  it('echoes a null id and answers {"jsonrpc", "id", "result"}', async () => {
    const answer = await postRaw(
      `${server.url}/jsonrpc`,
      JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] }, id: null }),
    );
    expect(Object.keys(answer.body)).toEqual(['jsonrpc', 'id', 'result']);
    expect(answer.body.id).toBeNull();
  });

  it('serves the JSON-RPC routes of the web client too (/web/webclient/version_info, /web/database/list)', async () => {
    const version = await postRaw(`${server.url}/web/webclient/version_info`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 3 }));
    expect(version.body).toMatchObject({ id: 3, result: { server_serie: '17.0', protocol_version: 1 } });
    const list = await postRaw(`${server.url}/web/database/list`, JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 4 }));
    expect(list.body.result).toEqual([server.database]);
  });
});

// odoo/documentation content/developer/reference/external_api.rst (19.0) and external_json2_api.rst;
// addons/web/controllers/json2.py and odoo/addons/rpc/controllers/__init__.py (19.0).
describe('external_api.rst (19.0) JSON-2 examples', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '19.0', dataset: DATASET() });
  });
  afterAll(() => server.stop());

  it('"Request" / "Response": search_read with context, domain and fields answers [{"id", "name"}] with 200', async () => {
    server.insert('res.partner', { name: 'Deco Addict', is_company: true });
    const answer = await json2(server, 'res.partner', 'search_read', {
      context: { lang: 'en_US' },
      domain: [
        ['name', 'ilike', '%deco%'],
        ['is_company', '=', true],
      ],
      fields: ['name'],
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(answer.body).toContainEqual({ id: expect.any(Number), name: 'Deco Addict' });
    expect(answer.body.every((row: object) => Object.keys(row).join() === 'id,name')).toBe(true);
  });

  it('"Code Example": search then read with ids, context and fields', async () => {
    const ids = await json2(server, 'res.partner', 'search', { context: { lang: 'en_US' }, domain: [['name', 'ilike', '%deco%'], ['is_company', '=', true]] });
    const names = await json2(server, 'res.partner', 'read', { ids: ids.body, context: { lang: 'en_US' }, fields: ['name'] });
    expect(names.body.map((row: { id: number }) => row.id)).toEqual(ids.body);
  });

  it('"Migrating from XML-RPC / JSON-RPC": read with ids, fields and load None', async () => {
    const answer = await json2(server, 'res.partner', 'read', { ids: [1, 2, 3], context: { lang: 'en_US' }, fields: ['name', 'country_id'], load: null });
    expect(answer.body).toEqual([
      { id: 1, name: expect.any(String), country_id: 21 },
      { id: 2, name: 'OdooBot', country_id: false },
      { id: 3, name: 'Administrator', country_id: 21 },
    ]);
  });

  it('"Error response": 401 with the documented body for an invalid key', async () => {
    // Documented: {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey",
    //              "arguments": ["Invalid apikey", 401], "context": {}, "debug": "Traceback ..."}
    const answer = await json2(server, 'res.partner', 'search_read', {}, { Authorization: 'bearer 6578616d706c65206a736f6e20617069206b6579' });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      name: 'werkzeug.exceptions.Unauthorized',
      message: 'Invalid apikey',
      arguments: ['Invalid apikey', 401],
      context: {},
      debug: expect.stringMatching(/werkzeug\.exceptions\.Unauthorized: 401 Unauthorized: Invalid apikey\n$/),
    });
  });

  it('"Common service": GET /web/version answers {"version_info", "version"}', async () => {
    // Documented: {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}
    const response = await fetch(`${server.url}/web/version`);
    expect(await response.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
  });

  it('"Common service": res.users/context_get with no ids tells the uid of the API key', async () => {
    expect((await json2(server, 'res.users', 'context_get', {})).body.uid).toBe(2);
  });
});
