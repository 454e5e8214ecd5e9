import { FakeOdooServer } from './fake-odoo-server.js';
import { call, executeKw, json2, jsonRpc, postRaw } from './odoo-test-client.js';

/** The envelope odoo/http.py JsonRPCDispatcher.handle_error builds around serialize_exception. */
const envelope = (name: string, message: string | RegExp, code = 200) => ({
  jsonrpc: '2.0',
  id: 1,
  error: {
    code,
    message: 'Odoo Server Error',
    data: {
      name,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
      arguments: expect.any(Array),
      context: {},
      debug: expect.stringMatching(/^Traceback \(most recent call last\):\n[\s\S]+\n$/),
    },
  },
});

describe('JSON-RPC error envelopes (Odoo 17.0)', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '17.0', database: 'acme' });
  });
  afterAll(() => server.stop());

  const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
    executeKw(server, model, method, args, kwargs).then((answer) => answer.body);

  it('refuses a wrong password or uid with AccessDenied, in an HTTP 200 envelope', async () => {
    const answer = await jsonRpc(server.url, 'object', 'execute_kw', ['acme', 2, 'wrong', 'res.partner', 'search', [[]]]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(envelope('odoo.exceptions.AccessDenied', 'Access Denied'));
    expect(answer.body.error.data.arguments).toEqual(['Access Denied']);
    const wrongUid = await jsonRpc(server.url, 'object', 'execute_kw', ['acme', 7, server.password, 'res.partner', 'search', [[]]]);
    expect(wrongUid.body).toEqual(envelope('odoo.exceptions.AccessDenied', 'Access Denied'));
  });

  it('answers a database that does not exist with the PostgreSQL connection error', async () => {
    const expected = envelope('psycopg2.OperationalError', /FATAL: {2}database "nope" does not exist\n$/);
    expect((await jsonRpc(server.url, 'common', 'login', ['nope', server.login, server.password])).body).toEqual(expected);
    expect((await jsonRpc(server.url, 'object', 'execute_kw', ['nope', 2, server.password, 'res.partner', 'search', [[]]])).body).toEqual(expected);
  });

  it('answers an unknown model, method or service the way Odoo 17 does', async () => {
    expect(await kw('crm.nope', 'search', [[]])).toEqual(envelope('odoo.exceptions.UserError', "Object crm.nope doesn't exist"));
    expect(await kw('crm.lead', 'nope', [[]])).toEqual(
      envelope('builtins.AttributeError', "The method 'nope' does not exist on the model 'crm.lead'"),
    );
    expect(await kw('crm.lead', '_read_group', [[]])).toEqual(
      envelope('odoo.exceptions.AccessError', 'Private methods (such as _read_group) cannot be called remotely.'),
    );
    expect((await jsonRpc(server.url, 'nope', 'version', [])).body).toEqual(envelope('builtins.KeyError', "'nope'"));
    expect((await jsonRpc(server.url, 'common', 'nope', [])).body).toEqual(envelope('builtins.Exception', 'Method not found: nope'));
  });

  it('answers unknown fields and malformed domains with the ValueError of odoo/osv/expression.py', async () => {
    expect(await kw('crm.lead', 'search', [[['nope', '=', 1]]])).toEqual(
      envelope('builtins.ValueError', "Invalid field crm.lead.nope in leaf ('nope', '=', 1)"),
    );
    expect(await kw('crm.lead', 'search', [[['name', 'between', 'x']]])).toEqual(
      envelope('builtins.ValueError', "Invalid leaf ('name', 'between', 'x')"),
    );
    expect(await kw('crm.lead', 'search', [['|', ['name', '=', 'x']]])).toEqual(
      envelope('builtins.ValueError', "Domain ['|', ['name', '=', 'x']] is syntactically not correct."),
    );
    expect(await kw('crm.lead', 'read', [[1], ['nope']])).toEqual(envelope('builtins.ValueError', "Invalid field 'nope' on model 'crm.lead'"));
    expect(await kw('crm.lead', 'search', [[]], { order: 'nope desc' })).toEqual(
      envelope('builtins.ValueError', "Invalid field 'nope' on model 'crm.lead'"),
    );
    expect(await kw('crm.lead', 'search', [[]], { order: 'name; drop table' })).toEqual(
      envelope('odoo.exceptions.UserError', /^Invalid "order" specified \(name; drop table\)/),
    );
  });

  it("answers bad arguments with Python's TypeError", async () => {
    expect(await kw('crm.lead', 'search', [[]], { nope: 1 })).toEqual(
      envelope('builtins.TypeError', "BaseModel.search() got an unexpected keyword argument 'nope'"),
    );
    expect(await kw('crm.lead', 'write', [[1]])).toEqual(
      envelope('builtins.TypeError', "BaseModel.write() missing 1 required positional argument: 'vals'"),
    );
  });

  it('answers invalid writes with the ORM errors', async () => {
    expect(await kw('crm.lead', 'write', [[999_999], { name: 'x' }])).toEqual(
      envelope(
        'odoo.exceptions.MissingError',
        'One of the documents you are trying to access has been deleted, please try again after refreshing.\n\n' +
          '(Document type: crm.lead, Operation: write, Records: [999999], User: 2)',
      ),
    );
    expect(await kw('crm.lead', 'create', [{ type: 'opportunity' }])).toEqual(
      envelope('odoo.exceptions.ValidationError', /^The operation cannot be completed:\n- Create\/update: a mandatory field is not set\.[\s\S]*Field: Opportunity \(name\)\n$/),
    );
    expect(await kw('crm.lead', 'create', [{ name: 'x', type: 'nope' }])).toEqual(
      envelope('builtins.ValueError', "Wrong value for crm.lead.type: 'nope'"),
    );
    expect(await kw('crm.lead', 'create', [{ name: 'x', partner_id: 999_999 }])).toEqual(
      envelope('odoo.exceptions.ValidationError', /Constraint: crm_lead_partner_id_fkey\n$/),
    );
    expect(await kw('crm.lead', 'create', [{ name: 'x', nope: 1 }])).toEqual(envelope('builtins.ValueError', "Invalid field 'nope' on model 'crm.lead'"));
  });

  it('answers requests that are not JSON-RPC with 400 pages, as the dispatcher does', async () => {
    const text = await postRaw(`${server.url}/jsonrpc`, '{}', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.contentType).toMatch(/^text\/html/);
    expect(text.text).toContain("Request inferred type is compatible with [&#39;http&#39;] but &#39;/jsonrpc&#39; is type=&#39;json&#39;.");
    const invalid = await postRaw(`${server.url}/jsonrpc`, '{not json');
    expect([invalid.status, invalid.text]).toEqual([400, 'Invalid JSON data']);
    const array = await postRaw(`${server.url}/jsonrpc`, '[1, 2]');
    expect([array.status, array.text]).toEqual([400, 'Invalid JSON-RPC data']);
    const missing = await postRaw(`${server.url}/jsonrpc`, JSON.stringify({ jsonrpc: '2.0', id: 1, params: { service: 'common' } }));
    expect(missing.body).toEqual(envelope('builtins.TypeError', "RPC.jsonrpc() missing 2 required positional arguments: 'method' and 'args'"));
  });

  it('answers werkzeug 404 pages for unknown paths', async () => {
    const answer = await postRaw(`${server.url}/nope`, '{}');
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('<h1>Not Found</h1>');
  });
});

describe('JSON-RPC error code in Odoo 18.0 and 19.0', () => {
  it.each([
    ['18.0', 200, "The method 'crm.lead.nope' does not exist"],
    ['19.0', 0, "The method 'crm.lead.nope' does not exist"],
  ] as const)('%s: code %i and the get_public_method message', async (version, code, message) => {
    const server = await FakeOdooServer.start({ version });
    try {
      expect((await executeKw(server, 'crm.lead', 'nope', [[]])).body).toEqual(envelope('builtins.AttributeError', message, code));
      expect((await executeKw(server, 'crm.lead', '_read_group', [[]])).body).toEqual(
        envelope('odoo.exceptions.AccessError', "Private methods (such as 'crm.lead._read_group') cannot be called remotely.", code),
      );
    } finally {
      await server.stop();
    }
  });
});

/** The body Json2RpcDispatcher.handle_error sends (addons/web/controllers/json2.py, 19.0). */
const json2Error = (name: string, message: string | RegExp, args: unknown[] = [expect.anything()]) => ({
  name,
  message: typeof message === 'string' ? message : expect.stringMatching(message),
  arguments: args,
  context: {},
  debug: expect.stringContaining('Traceback (most recent call last):'),
});

describe('JSON-2 errors (Odoo 19.0): HTTP status and JSON body', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '19.0' });
  });
  afterAll(() => server.stop());

  it('401 without a bearer key or with a wrong one (a password is not an API key)', async () => {
    const none = await json2(server, 'res.partner', 'search', { domain: [] }, { Authorization: '' });
    const message = 'User not authenticated, use an API Key with a Bearer Authorization header.';
    expect([none.status, none.body]).toEqual([401, json2Error('werkzeug.exceptions.Unauthorized', message, [message, 401])]);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    for (const secret of ['wrong', server.password]) {
      const wrong = await json2(server, 'res.partner', 'search', { domain: [] }, { Authorization: `Bearer ${secret}` });
      expect([wrong.status, wrong.body]).toEqual([401, json2Error('werkzeug.exceptions.Unauthorized', 'Invalid apikey', ['Invalid apikey', 401])]);
    }
  });

  it('404 for an unknown model or method, 403 for a private one', async () => {
    const model = await json2(server, 'crm.nope', 'search', {});
    expect([model.status, model.body]).toEqual([404, json2Error('werkzeug.exceptions.NotFound', "the model 'crm.nope' does not exist", ["the model 'crm.nope' does not exist", 404])]);
    const method = await json2(server, 'crm.lead', 'nope', {});
    expect([method.status, method.body.message]).toEqual([404, "The method 'crm.lead.nope' does not exist"]);
    const hidden = await json2(server, 'crm.lead', '_read_group', {});
    expect([hidden.status, hidden.body]).toEqual([403, json2Error('odoo.exceptions.AccessError', "Private methods (such as 'crm.lead._read_group') cannot be called remotely.")]);
  });

  it('422 for ids given to a model method and for arguments the method does not take', async () => {
    const ids = await json2(server, 'crm.lead', 'search', { ids: [1], domain: [] });
    expect([ids.status, ids.body.name, ids.body.message]).toEqual([422, 'werkzeug.exceptions.UnprocessableEntity', 'cannot call crm.lead.search with ids']);
    const extra = await json2(server, 'crm.lead', 'search', { domain: [], nope: 1 });
    expect([extra.status, extra.body.message]).toEqual([422, "got an unexpected keyword argument 'nope'"]);
    const missing = await json2(server, 'crm.lead', 'write', { ids: [1] });
    expect([missing.status, missing.body.message]).toEqual([422, "missing a required argument: 'vals'"]);
  });

  it('400 for a body that is not JSON or a JSON scalar, 422 for an array (no named argument), 405 for another verb than POST', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: `bearer ${server.apiKey}` };
    const garbage = await postRaw(`${server.url}/json/2/crm.lead/search`, '{oops', headers);
    expect([garbage.status, garbage.body.name]).toEqual([400, 'werkzeug.exceptions.BadRequest']);
    expect(garbage.body.message).toMatch(/^could not parse the body as json: /);
    const scalar = await postRaw(`${server.url}/json/2/crm.lead/search`, '1', headers);
    expect([scalar.status, scalar.body.message]).toEqual([400, 'could not parse the body, expecting a json object']);
    // As the recorded 19.0 answers a positional create: the array's items are no named arguments.
    const array = await postRaw(`${server.url}/json/2/crm.lead/create`, '[{"name": "positional create"}]', headers);
    expect([array.status, array.body.message]).toEqual([422, "missing a required argument: 'vals_list'"]);
    const get = await fetch(`${server.url}/json/2/crm.lead/search`, { headers });
    expect(get.status).toBe(405);
    expect(((await get.json()) as { name: string }).name).toBe('werkzeug.exceptions.MethodNotAllowed');
  });

  it('415 for a Content-Type other than JSON, 404 for another database', async () => {
    const text = await postRaw(`${server.url}/json/2/crm.lead/search`, '{}', { 'Content-Type': 'text/plain', Authorization: `bearer ${server.apiKey}` });
    expect([text.status, text.headers.get('accept')]).toEqual([415, 'application/json']);
    const otherDb = await json2(server, 'crm.lead', 'search', { domain: [] }, { 'X-Odoo-Database': 'nope' });
    expect([otherDb.status, otherDb.contentType]).toEqual([404, 'text/html; charset=utf-8']);
  });

  it('the ORM errors with their http_status: 500 ValueError, 404 MissingError, 422 ValidationError', async () => {
    const field = await json2(server, 'crm.lead', 'search', { domain: [['nope', '=', 1]] });
    expect([field.status, field.body]).toEqual([500, json2Error('builtins.ValueError', "Invalid field crm.lead.nope in condition ('nope', '=', 1)")]);
    const gone = await json2(server, 'crm.lead', 'write', { ids: [999_999], vals: { name: 'x' } });
    expect([gone.status, gone.body.name]).toEqual([404, 'odoo.exceptions.MissingError']);
    const required = await json2(server, 'crm.lead', 'create', { vals_list: [{ type: 'lead' }] });
    expect([required.status, required.body.name]).toEqual([422, 'odoo.exceptions.ValidationError']);
    expect(await call(server, 'crm.lead', 'search_count', [[]])).toBe(0);
  });
});
