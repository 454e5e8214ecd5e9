import { generateDataset } from './dataset.js';
import { FakeOdooServer } from './fake-odoo-server.js';
import { json2 } from './odoo-test-client.js';

const NOW = '2026-11-24 10:00:00';

describe('JSON-2 on Odoo 19.0', () => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version: '19.0', dataset: generateDataset({ seed: 4, leads: 300, now: NOW }) });
  });
  afterAll(() => server.stop());

  it('searches with named arguments and answers a JSON array with 200', async () => {
    const answer = await json2(server, 'crm.stage', 'search', { domain: [['is_won', '=', false]], order: 'sequence desc', limit: 2 });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual([3, 2]);
  });

  it('search_reads with domain, fields, offset, limit, order and context', async () => {
    const answer = await json2(server, 'crm.lead', 'search_read', {
      domain: [['active', '=', false]],
      fields: ['name', 'active', 'probability', 'lost_reason_id', 'won_status'],
      order: 'id asc',
      offset: 1,
      limit: 3,
      context: { lang: 'en_US' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    for (const lead of answer.body) {
      expect(lead).toEqual({
        id: expect.any(Number),
        name: expect.any(String),
        active: false,
        probability: 0,
        lost_reason_id: [expect.any(Number), expect.any(String)],
        won_status: 'lost',
      });
    }
    const archived = await json2(server, 'crm.lead', 'search', { domain: [['active', '=', false]], order: 'id asc', limit: 1 });
    const archivedFirst = await json2(server, 'crm.lead', 'search', {
      domain: [],
      order: 'active asc, id asc',
      limit: 1,
      context: { active_test: false },
    });
    expect(archivedFirst.body).toEqual(archived.body);
  });

  it('counts, reads by ids, and describes fields', async () => {
    const count = await json2(server, 'crm.stage', 'search_count', { domain: [] });
    expect(count.body).toBe(4);
    const read = await json2(server, 'crm.stage', 'read', { ids: [4, 1], fields: ['name', 'is_won'] });
    expect(read.body).toEqual([
      { id: 4, name: 'Won', is_won: true },
      { id: 1, name: 'New', is_won: false },
    ]);
    const fields = await json2(server, 'crm.stage', 'fields_get', { allfields: ['name'], attributes: ['type', 'required'] });
    expect(fields.body).toEqual({ name: { type: 'char', required: true } });
  });

  it('creates (always answering a list of ids), writes and unlinks', async () => {
    const created = await json2(server, 'res.partner', 'create', { vals_list: { name: 'Deco Addict', is_company: true } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual([expect.any(Number)]);
    const [id] = created.body;
    expect((await json2(server, 'res.partner', 'write', { ids: [id], vals: { city: 'Brussels' } })).body).toBe(true);
    expect((await json2(server, 'res.partner', 'read', { ids: [id], fields: ['city'] })).body).toEqual([{ id, city: 'Brussels' }]);
    expect((await json2(server, 'res.partner', 'unlink', { ids: [id] })).body).toBe(true);
    expect((await json2(server, 'res.partner', 'search', { domain: [['id', '=', id]] })).body).toEqual([]);
  });

  it('name_searches with named arguments, and tells the API user who they are', async () => {
    expect((await json2(server, 'crm.stage', 'name_search', { name: 'Won', limit: 5 })).body).toEqual([[4, 'Won']]);
    expect((await json2(server, 'res.users', 'context_get', {})).body).toMatchObject({ uid: server.uid });
  });

  it('serves /web/version as plain JSON', async () => {
    const response = await fetch(`${server.url}/web/version`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
  });
});

describe.each(['17.0', '18.0'] as const)('JSON-2 on Odoo %s', (version) => {
  let server: FakeOdooServer;

  beforeAll(async () => {
    server = await FakeOdooServer.start({ version });
  });
  afterAll(() => server.stop());

  it('has no /json/2 route: werkzeug 404 page, whatever the Content-Type (HttpDispatcher until a route matches)', async () => {
    const answer = await json2(server, 'res.partner', 'search', { domain: [] });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<h1>Not Found</h1>');
  });

  it('has no /web/version: werkzeug 404 page', async () => {
    const response = await fetch(`${server.url}/web/version`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<title>404 Not Found</title>');
  });
});
