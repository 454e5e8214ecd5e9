import { generateDataset } from './dataset.js';
import { FakeOdooServer } from './fake-odoo-server.js';
import { call, executeKw, jsonRpc } from './odoo-test-client.js';

const NOW = '2026-11-24 10:00:00';

describe.each(['16.0', '17.0', '18.0', '19.0'] as const)('JSON-RPC on Odoo %s', (version) => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version, dataset: generateDataset({ seed: 3, leads: 200, now: NOW }) });
  });
  afterAll(() => server.stop());

  it('answers common.version without credentials', async () => {
    const answer = await jsonRpc(server.url, 'common', 'version', [], 'v1');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      jsonrpc: '2.0',
      id: 'v1',
      result: {
        server_version: version,
        server_version_info: [Number(version.slice(0, 2)), 0, 0, 'final', 0, ''],
        server_serie: version,
        protocol_version: 1,
      },
    });
  });

  it('logs in with the password or the API key, and answers false for a wrong one', async () => {
    const login = (secret: string) => jsonRpc(server.url, 'common', 'login', [server.database, server.login, secret]);
    const authenticate = (secret: string) => jsonRpc(server.url, 'common', 'authenticate', [server.database, server.login, secret, {}]);
    expect((await login(server.password)).body.result).toBe(2);
    expect((await login(server.apiKey)).body.result).toBe(2);
    expect((await authenticate(server.apiKey)).body.result).toBe(2);
    expect((await login('wrong')).body.result).toBe(false);
    expect((await authenticate('wrong')).body.result).toBe(false);
  });

  it('searches ids in the model order, with offset and limit', async () => {
    const all: number[] = await call(server, 'crm.stage', 'search', [[]]);
    expect(all).toEqual([1, 2, 3, 4]);
    expect(await call(server, 'crm.stage', 'search', [[]], { offset: 1, limit: 2 })).toEqual([2, 3]);
    expect(await call(server, 'crm.stage', 'search', [[], 0, 1, 'sequence desc'])).toEqual([4]);
  });

  it('search_reads records with many2one as [id, name] and empty values as false', async () => {
    const id: number = await call(server, 'crm.lead', 'create', [{ name: 'Chairs', partner_id: false, stage_id: 2, email_from: false }]);
    const [lead] = await call(server, 'crm.lead', 'search_read', [[['id', '=', id]]], {
      fields: ['name', 'partner_id', 'stage_id', 'email_from', 'expected_revenue', 'tag_ids', 'create_date'],
    });
    expect(lead).toEqual({
      id,
      name: 'Chairs',
      partner_id: false,
      stage_id: [2, 'Qualified'],
      email_from: false,
      expected_revenue: 0,
      tag_ids: [],
      create_date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
  });

  it('counts what search finds, with an optional limit', async () => {
    const ids: number[] = await call(server, 'res.partner', 'search', [[['is_company', '=', true]]]);
    expect(await call(server, 'res.partner', 'search_count', [[['is_company', '=', true]]])).toBe(ids.length);
    expect(await call(server, 'res.partner', 'search_count', [[['is_company', '=', true]]], { limit: 3 })).toBe(3);
  });

  it('reads the requested fields plus the id, in the order of the ids, skipping missing ones', async () => {
    const records = await call(server, 'crm.stage', 'read', [[3, 999, 1], ['name', 'is_won']]);
    expect(records).toEqual([
      { id: 3, name: 'Proposition', is_won: false },
      { id: 1, name: 'New', is_won: false },
    ]);
    const [stage] = await call(server, 'crm.stage', 'read', [[4]], { fields: ['team_id'], load: null });
    expect(stage).toEqual({ id: 4, team_id: false });
  });

  it('creates one record from a dict (its id) or several from a list (their ids)', async () => {
    const one = await call(server, 'crm.tag', 'create', [{ name: 'Urgent' }]);
    const many = await call(server, 'crm.tag', 'create', [[{ name: 'VIP' }, { name: 'Renewal' }]]);
    expect(typeof one).toBe('number');
    expect(many).toEqual([one + 1, one + 2]);
  });

  it('refuses a create given its values by keyword: IndexError after the insert, nothing kept, the id used up', async () => {
    const before: number = await call(server, 'crm.tag', 'create', [{ name: 'Before' }]);
    const answer = await executeKw(server, 'crm.tag', 'create', [], { vals_list: [{ name: 'By keyword' }] });
    const message = version === '19.0' ? 'list index out of range' : 'tuple index out of range';
    expect(answer.body.error.data).toMatchObject({ name: 'builtins.IndexError', message, arguments: [message] });
    expect(await call(server, 'crm.tag', 'search', [[['name', '=', 'By keyword']]])).toEqual([]);
    expect(await call(server, 'crm.tag', 'create', [{ name: 'After' }])).toBe(before + 2);
  });

  it('uses up the ids of a create PostgreSQL refuses (a dangling foreign key), not those of values refused before', async () => {
    const before: number = await call(server, 'crm.lead', 'create', [{ name: 'Before' }]);
    const dangling = await executeKw(server, 'crm.lead', 'create', [{ name: 'Dangling', partner_id: 99_999_999 }]);
    expect(dangling.body.error.data.name).toBe('odoo.exceptions.ValidationError');
    const text = await executeKw(server, 'crm.lead', 'create', [{ name: 'Text id', stage_id: 'x' }]);
    expect(text.body.error.data).toMatchObject({ name: 'psycopg2.errors.InvalidTextRepresentation' });
    expect(text.body.error.data.message).toMatch(/^invalid input syntax for type integer: "x"\n/);
    expect(await call(server, 'crm.lead', 'create', [{ name: 'After' }])).toBe(before + 2);
  });

  it('takes the domain of search by position, and by keyword except on the crm.lead of 16.0 (its override names it args)', async () => {
    const ids: number[] = await call(server, 'crm.lead', 'search', [[['id', '>', 0]]], { order: 'id asc', limit: 3 });
    expect(ids).toHaveLength(3);
    const byKeyword = await executeKw(server, 'crm.lead', 'search', [], { domain: [['id', '>', 0]], order: 'id asc', limit: 3 });
    if (version === '16.0') {
      expect(byKeyword.body.error.data).toMatchObject({
        name: 'builtins.TypeError',
        message: "Lead.search() got an unexpected keyword argument 'domain'",
      });
    } else {
      expect(byKeyword.body.result).toEqual(ids);
    }
    expect(await call(server, 'crm.stage', 'search', [], { domain: [['is_won', '=', true]] })).toEqual([4]);
  });

  it('writes values and answers true', async () => {
    const id = await call(server, 'res.partner', 'create', [{ name: 'New Partner' }]);
    expect(await call(server, 'res.partner', 'write', [[id], { name: 'Newer partner', city: 'Namur' }])).toBe(true);
    expect(await call(server, 'res.partner', 'read', [[id], ['display_name', 'city']])).toEqual([
      { id, display_name: 'Newer partner', city: 'Namur' },
    ]);
  });

  it('unlinks records and answers true, also for ids already gone', async () => {
    const id = await call(server, 'crm.tag', 'create', [{ name: 'Temporary' }]);
    expect(await call(server, 'crm.tag', 'unlink', [[id]])).toBe(true);
    expect(await call(server, 'crm.tag', 'search', [[['id', '=', id]]])).toEqual([]);
    expect(await call(server, 'crm.tag', 'unlink', [[id]])).toBe(true);
  });

  it('describes fields like fields_get, filtered by attributes', async () => {
    const all = await call(server, 'crm.lead', 'fields_get', []);
    const customer = version === '19.0' ? 'Contact' : 'Customer';
    expect(all.partner_id).toMatchObject({ type: 'many2one', string: customer, relation: 'res.partner', required: false });
    expect(all.type).toMatchObject({ type: 'selection', required: true, selection: [['lead', 'Lead'], ['opportunity', 'Opportunity']] });
    expect(all.expected_revenue).toMatchObject({ type: 'monetary', currency_field: 'company_currency' });
    const some = await call(server, 'crm.lead', 'fields_get', [['name', 'date_deadline']], { attributes: ['type', 'string', 'help'] });
    expect(some).toEqual({
      name: { type: 'char', string: 'Opportunity' },
      date_deadline: { type: 'date', string: 'Expected Closing', help: 'Estimate of the date on which the opportunity will be won.' },
    });
  });

  it('name_searches [id, display_name] pairs', async () => {
    const pairs = await call(server, 'crm.stage', 'name_search', ['quali'], { limit: 5 });
    expect(pairs).toEqual([[2, 'Qualified']]);
  });

  it('serves execute with positional arguments like execute_kw', async () => {
    const answer = await jsonRpc(server.url, 'object', 'execute', [server.database, server.uid, server.password, 'crm.stage', 'search_count', []]);
    expect(answer.body.result).toBe(4);
  });

  it('echoes the request id and carries the context of kwargs', async () => {
    const answer = await executeKw(server, 'crm.lead', 'search_count', [[]], { context: { active_test: false, lang: 'en_US' } });
    const active = await call(server, 'crm.lead', 'search_count', [[]]);
    expect(answer.body.id).toBe(1);
    expect(answer.body.result).toBeGreaterThan(active);
  });
});
