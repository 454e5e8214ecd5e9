import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startSalesWorld, type SalesWorld } from '../sales/sales-world.js';
import { CLIENT_ID, TENANT } from '../support/entra-id.js';
import { PASSWORD } from '../support/users.js';
import { expectError, operations, type Headers, type Operation } from './security-support.js';

const encoded = (value: object) => encodeURIComponent(JSON.stringify(value));

/** MongoDB operators in the forms a query string can carry them (qs-style brackets, or JSON text). */
const QUERY_FORMS = [
  (p: string) => `${p}[$ne]=x`,
  (p: string) => `${p}[$gt]=`,
  (p: string) => `${p}[$regex]=.*`,
  (p: string) => `${p}=${encoded({ $ne: null })}`,
  (p: string) => `${p}=${encoded({ $gt: '' })}`,
];

const BODY_OPERATORS = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }];

/** Free-text parameters: an operator's JSON text is a legal search string there, searched for literally. */
const FREE_TEXT = new Set(['q']);

describe('NoSQL operator injection on every filter and body', () => {
  let world: SalesWorld;
  let app: NestFastifyApplication;
  let all: Operation[];

  beforeAll(async () => {
    // Microsoft sign-in on, so its body is validated; an invalid body never reaches Entra ID.
    Object.assign(process.env, { MS_CLIENT_ID: CLIENT_ID, MS_TENANT_ID: TENANT });
    world = await startSalesWorld();
    app = world.app;
    all = await operations(app);
  }, 60_000);
  afterAll(() => world.stop());

  const get = (url: string, headers: Headers) => app.inject({ method: 'GET', url, headers });

  /** Each operator form of one query parameter: 400, or for free text a literal search that finds nothing. */
  async function probeParameter(op: Operation, headers: Headers, param: string): Promise<void> {
    for (const form of QUERY_FORMS) {
      const query = form(param);
      const res = await get(`${op.url}?${query}`, headers);
      if (res.statusCode === 200 && FREE_TEXT.has(param) && query.includes('=%7B')) {
        // Nothing holds the operator's JSON text, so a literal search finds nothing, where the operator would have
        // matched everything the caller sees.
        expect({ query, total: res.json().total }).toEqual({ query, total: 0 });
        expect((await get(op.url, headers)).json().total).toBeGreaterThan(0);
      } else {
        expectError(res, 400, `${op.path}?${query}`);
      }
    }
  }

  it('answers 400 to operators in every query parameter of every GET operation, or searches for the text literally', async () => {
    const filtered = all.filter((op) => op.method === 'GET' && op.queryParameters.length > 0);
    expect(filtered.length).toBeGreaterThanOrEqual(7);
    for (const op of filtered) {
      const callers = op.adminOnly ? [world.admin.headers] : [world.admin.headers, world.rep.headers];
      for (const headers of callers) {
        for (const param of op.queryParameters) await probeParameter(op, headers, param);
      }
    }
  });

  it('never lets a caller outside the admin role reach an admin filter with operators', async () => {
    for (const op of all.filter((o) => o.method === 'GET' && o.adminOnly && o.queryParameters.length > 0)) {
      const res = await get(`${op.url}?${op.queryParameters[0]}[$ne]=x`, world.rep.headers);
      expectError(res, 403, op.path);
    }
  });

  it('answers 400 to operators in path parameters', async () => {
    for (const op of all.filter((o) => o.method === 'GET' && o.path.includes('{'))) {
      const headers = op.adminOnly ? world.admin.headers : world.rep.headers;
      const res = await get(op.path.replace(/\{[^}]+\}/g, encoded({ $ne: null })), headers);
      expectError(res, 400, op.path);
    }
  });

  it('never signs anyone in with operators for the email or the password', async () => {
    const { email } = (await get('/api/auth/me', world.admin.headers)).json();
    const bodies = BODY_OPERATORS.flatMap((operator) => [
      { email: operator, password: PASSWORD },
      { email, password: operator },
      { email: operator, password: operator },
      { email: [email], password: PASSWORD },
    ]);
    for (const payload of bodies) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(expectError(res, 400, JSON.stringify(payload)).code).toBe('VALIDATION_FAILED');
      expect(res.body).not.toMatch(/access_token/);
    }
    // The account is real and the password right: only the operators were refused.
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })).statusCode).toBe(200);
  });

  it('answers 400 naming the field to operators in every property of every JSON body', async () => {
    const withBodies = all.filter((op) => op.bodyProperties.length > 0);
    expect(withBodies.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/users', 'PATCH /api/users/{id}', 'POST /api/opportunities']),
    );
    for (const op of withBodies) {
      const headers = op.protected ? world.admin.headers : {};
      for (const field of op.bodyProperties) {
        for (const operator of BODY_OPERATORS) {
          const res = await app.inject({ method: op.method, url: op.url, headers, payload: { [field]: operator } });
          const error = expectError(res, 400, `${op.method} ${op.path} ${field}=${JSON.stringify(operator)}`);
          expect(error.details).toContainEqual({ field, errors: expect.any(Array) });
        }
      }
    }
  });
});
