import { FakeOdooServer } from './fake-odoo-server.js';
import { call } from './odoo-test-client.js';

const MARK = ['ref', '=', 'domain-test'];

describe('domains, active_test and ordering (odoo/osv/expression.py semantics)', () => {
  let server: FakeOdooServer;
  let deco: number;
  let azure: number;
  let brandon: number;
  let colleen: number;
  let studio: number;

  const search = (domain: unknown[], kwargs: Record<string, unknown> = {}): Promise<number[]> =>
    call(server, 'res.partner', 'search', [[...domain, MARK]], { order: 'id', ...kwargs });

  beforeAll(async () => {
    server = await FakeOdooServer.start();
    const partner = (values: Record<string, unknown>) => server.insert('res.partner', { ref: 'domain-test', ...values });
    deco = partner({ name: 'Deco Addict', is_company: true, city: 'Brussels', customer_rank: 5, country_id: 21, email: 'info@deco.be' });
    azure = partner({ name: 'Azure Interior', is_company: true, customer_rank: 0, country_id: 76 });
    brandon = partner({ name: 'Brandon Freeman', parent_id: deco, city: 'Brussels', customer_rank: 1, country_id: 21, email: 'brandon@deco.be' });
    colleen = partner({ name: 'Colleen Diaz', parent_id: azure, city: 'Paris', customer_rank: 2, active: false });
    studio = partner({ name: 'deco studio', is_company: true, city: 'ghent', customer_rank: 3, email: 'x_y@z.com' });
  });
  afterAll(() => server.stop());

  it('ANDs consecutive terms and applies the prefix operators | & !', async () => {
    expect(await search([['is_company', '=', true], ['city', '=', 'Brussels']])).toEqual([deco]);
    expect(await search(['|', ['city', '=', 'Brussels'], ['city', '=', 'ghent']])).toEqual([deco, brandon, studio]);
    expect(await search(['!', ['is_company', '=', true]])).toEqual([brandon]);
    expect(await search(['|', '&', ['is_company', '=', true], ['city', '=', 'Brussels'], '!', ['customer_rank', '>', 0]])).toEqual([deco, azure]);
    expect(await search(['&', '!', ['city', '=', 'Brussels'], '|', ['customer_rank', '=', 3], ['customer_rank', '=', 0]])).toEqual([azure, studio]);
  });

  it('compares numbers with = != > >= < <=', async () => {
    expect(await search([['customer_rank', '>', 1]])).toEqual([deco, studio]);
    expect(await search([['customer_rank', '>=', 1]])).toEqual([deco, brandon, studio]);
    expect(await search([['customer_rank', '<', 1]])).toEqual([azure]);
    expect(await search([['customer_rank', '<=', 1]])).toEqual([azure, brandon]);
    expect(await search([['customer_rank', '!=', 5]])).toEqual([azure, brandon, studio]);
  });

  it('treats False as NULL: "= False" is empty, "!= value" also matches empty, "in" with False too', async () => {
    expect(await search([['city', '=', false]])).toEqual([azure]);
    expect(await search([['city', '!=', false]])).toEqual([deco, brandon, studio]);
    expect(await search([['city', '!=', 'Brussels']])).toEqual([azure, studio]);
    expect(await search([['city', 'in', [false, 'ghent']]])).toEqual([azure, studio]);
    expect(await search([['city', 'not in', ['Brussels']]])).toEqual([azure, studio]);
    expect(await search([['city', 'not in', ['Brussels', false]]])).toEqual([studio]);
    expect(await search([['id', 'in', []]])).toEqual([]);
  });

  it('counts an empty text as not set for "= False", and as a value for "= \'\'"', async () => {
    const blank = server.insert('res.partner', { name: 'Blank city', city: '', ref: 'blank-test' });
    const unset = server.insert('res.partner', { name: 'No city', ref: 'blank-test' });
    const find = (domain: unknown[]) => call(server, 'res.partner', 'search', [[...domain, ['ref', '=', 'blank-test']]], { order: 'id' });
    expect(await find([['city', '=', false]])).toEqual([blank, unset]);
    expect(await find([['city', '=', '']])).toEqual([blank]);
    expect(await find([['city', 'in', ['']]])).toEqual([blank]);
    expect(await find([['city', '!=', false]])).toEqual([]);
  });

  it('matches like / ilike (wrapped in %), =like / =ilike (as given) and their negations', async () => {
    expect(await search([['name', 'ilike', 'deco']])).toEqual([deco, studio]);
    expect(await search([['name', 'like', 'deco']])).toEqual([studio]);
    expect(await search([['name', 'not ilike', 'deco']])).toEqual([azure, brandon]);
    expect(await search([['name', 'not like', 'Deco']])).toEqual([azure, brandon, studio]);
    expect(await search([['name', '=like', 'Deco%']])).toEqual([deco]);
    expect(await search([['name', '=ilike', 'deco%']])).toEqual([deco, studio]);
    expect(await search([['email', '=like', 'x\\_y@%']])).toEqual([studio]);
    // not (i)like also matches NULL: azure has no email.
    expect(await search([['email', 'not ilike', 'deco']])).toEqual([azure, studio]);
    expect(await search([['name', 'ilike', '']])).toEqual([deco, azure, brandon, studio]);
  });

  it('compares a many2one by id, by name for a string, and follows dotted paths', async () => {
    expect(await search([['parent_id', '=', deco]])).toEqual([brandon]);
    expect(await search([['parent_id', 'in', [deco, azure]]], { context: { active_test: false } })).toEqual([brandon, colleen]);
    expect(await search([['parent_id', '=', false]])).toEqual([deco, azure, studio]);
    expect(await search([['parent_id', '!=', deco]])).toEqual([deco, azure, studio]);
    expect(await search([['parent_id', 'ilike', 'addict']])).toEqual([brandon]);
    expect(await search([['parent_id.city', '=', 'Brussels']])).toEqual([brandon]);
    expect(await search([['country_id.code', '=', 'BE']])).toEqual([deco, brandon]);
    expect(await search([['parent_id', 'any', [['name', 'ilike', 'azure']]]], { context: { active_test: false } })).toEqual([colleen]);
    expect(await search([['parent_id', 'not any', [['name', 'ilike', 'azure']]]])).toEqual([deco, azure, brandon, studio]);
  });

  it('normalizes operators as normalize_leaf does, and keeps the constant leaves', async () => {
    expect(await search([['id', '=', [deco, azure]]])).toEqual([deco, azure]);
    expect(await search([['id', '<>', deco], ['is_company', '=', true]])).toEqual([azure, studio]);
    expect(await search([['is_company', 'in', true]])).toEqual([deco, azure, studio]);
    expect(await search([[1, '=', 1]])).toEqual([deco, azure, brandon, studio]);
    expect(await search([[0, '=', 1]])).toEqual([]);
    expect(await search([['city', '=?', false]])).toEqual([deco, azure, brandon, studio]);
    expect(await search([['city', '=?', 'Paris']])).toEqual([]);
  });

  it('follows hierarchies with child_of and parent_of', async () => {
    expect(await search([['id', 'child_of', deco]])).toEqual([deco, brandon]);
    expect(await search([['id', 'parent_of', brandon]])).toEqual([deco, brandon]);
    expect(await search([['parent_id', 'child_of', [azure]]], { context: { active_test: false } })).toEqual([azure, colleen]);
  });

  it('hides archived records unless active_test is false or the domain names active', async () => {
    expect(await search([])).toEqual([deco, azure, brandon, studio]);
    expect(await search([], { context: { active_test: false } })).toEqual([deco, azure, brandon, colleen, studio]);
    expect(await search([['active', '=', false]])).toEqual([colleen]);
    expect(await search(['|', ['active', '=', true], ['active', '=', false]])).toEqual([deco, azure, brandon, colleen, studio]);
    expect(await call(server, 'res.partner', 'search_count', [[MARK]])).toBe(4);
    expect(await call(server, 'res.partner', 'read', [[colleen], ['active']])).toEqual([{ id: colleen, active: false }]);
  });

  it('orders by one or several keys, asc or desc, NULLs last ascending and first descending', async () => {
    expect(await search([], { order: 'customer_rank desc' })).toEqual([deco, studio, brandon, azure]);
    expect(await search([], { order: 'name' })).toEqual([azure, brandon, deco, studio]);
    expect(await search([], { order: 'is_company desc, name asc' })).toEqual([azure, deco, studio, brandon]);
    expect(await search([], { order: 'city asc, id desc' })).toEqual([brandon, deco, studio, azure]);
    expect((await search([], { order: 'city desc' })).slice(0, 2)).toEqual([azure, studio]);
    expect((await search([], { order: 'city asc nulls first' }))[0]).toBe(azure);
    expect((await search([], { order: 'parent_id' }))[0]).toBe(brandon);
  });

  it('applies offset and limit after ordering', async () => {
    expect(await search([], { order: 'customer_rank desc', offset: 1, limit: 2 })).toEqual([studio, brandon]);
    expect(await search([], { order: 'customer_rank desc', offset: 3 })).toEqual([azure]);
    expect(await search([], { limit: 0 })).toEqual([]);
    const records = await call(server, 'res.partner', 'search_read', [[MARK]], { fields: ['name'], order: 'name desc', limit: 2 });
    expect(records).toEqual([
      { id: studio, name: 'deco studio' },
      { id: deco, name: 'Deco Addict' },
    ]);
  });
});
