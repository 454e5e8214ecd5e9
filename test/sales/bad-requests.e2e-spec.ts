import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, createAdmin, createUser } from '../support/users.js';

const ROUTES = ['/api/opportunities', '/api/activities', '/api/receivables', '/api/accounts/real'];

/** Wrong for every list route. */
const COMMON = [
  'page=-1',
  'page=0',
  'page=abc',
  'page_size=201',
  'page_size=100000',
  'page_size=0',
  'sort=password_hash',
  'sort=--name',
  'sort[$ne]=x',
  'sort=name&sort=-name',
  'unknown=1',
  '$where=1',
];

/** Wrong for one route each. */
const SPECIFIC: [string, string][] = [
  ['/api/opportunities', 'status=closed'],
  ['/api/opportunities', 'status[$ne]=open'],
  ['/api/opportunities', 'status=open&status=won'],
  ['/api/opportunities', 'type=deal'],
  ['/api/opportunities', 'owner=abc'],
  ['/api/opportunities', 'owner[$gt]=0'],
  ['/api/opportunities', 'owner=1e99'],
  ['/api/opportunities', 'stage_id=1.5'],
  ['/api/opportunities', 'team_id=-2'],
  ['/api/opportunities', 'date_from=2026-02-30'],
  ['/api/opportunities', 'date_to=31-12-2026'],
  ['/api/opportunities', 'date_from=2026-12-01T00:00:00Z'],
  ['/api/opportunities', 'date_from=2026-12-01&date_to=2026-11-01'],
  ['/api/opportunities', 'probability_min=-1'],
  ['/api/opportunities', 'probability_max=101'],
  ['/api/opportunities', 'probability_min=abc'],
  ['/api/opportunities', 'probability_min=60&probability_max=40'],
  ['/api/opportunities', `q=${'x'.repeat(101)}`],
  ['/api/opportunities', 'q[$regex]=.*'],
  ['/api/activities', 'state=late'],
  ['/api/activities', 'activity_type_id=x'],
  ['/api/activities', 'date_from=yesterday'],
  ['/api/receivables', 'as_of=2026-02-29'],
  ['/api/receivables', 'bucket=days_0_30'],
  ['/api/receivables', 'currency=eur'],
  ['/api/receivables', 'currency[$exists]=true'],
  ['/api/receivables', 'partner_id=0'],
  ['/api/accounts/real', 'sort=pipeline_value'],
  ['/api/accounts/real', 'q=a&q=b'],
  ['/api/sales/dashboard/real', 'period=last_decade'],
  ['/api/sales/dashboard/real', 'date_to=2026-01-01'],
];

describe('bad query parameters on the sales routes', () => {
  let app: NestFastifyApplication;
  let callers: { authorization: string }[];

  beforeAll(async () => {
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
    callers = [await bearer(app, await createAdmin(app)), await bearer(app, await createUser(app, { odoo_user_id: 7, odoo_employee_id: 7 }))];
  });
  afterAll(() => app.close());

  const cases = [...ROUTES.flatMap((route) => COMMON.map((query) => [route, query] as [string, string])), ...SPECIFIC];

  it.each(cases)('%s?%s answers 400 in the error shape', async (route, query) => {
    for (const headers of callers) {
      const res = await app.inject({ method: 'GET', url: `${route}?${query}`, headers });
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
      expect(res.json()).toMatchObject({ status: 400, code: expect.stringMatching(/^(VALIDATION_FAILED|INVALID_RANGE|INVALID_PERIOD)$/), request_id: expect.any(String) });
    }
  });

  it('answers 401 without a token', async () => {
    for (const route of [...ROUTES, '/api/sales/dashboard/real', '/api/opportunities/1', '/api/activities/opportunity/1']) {
      expect((await app.inject({ method: 'GET', url: route })).statusCode).toBe(401);
    }
    expect((await app.inject({ method: 'POST', url: '/api/opportunities', payload: { name: 'x' } })).statusCode).toBe(401);
  });

  it('answers an empty page, not an error, on a page far beyond the data', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/opportunities?page=1000000&page_size=200', headers: callers[0] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: [], total: 0, page: 1000000 });
  });

  it('answers 400 when Odoo is not configured, on creating an opportunity', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/opportunities', headers: callers[1], payload: { name: 'Deal' } });
    expect(res.json()).toMatchObject({ status: 400, code: 'ODOO_NOT_CONFIGURED' });
  });
});
