import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer, createUser, PASSWORD } from '../support/users.js';

/** With no MS_* variables, Microsoft sign-in is off: the config says so and the exchange and link routes answer 404. */
describe('Microsoft sign-in, not configured', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // ConfigModule reads process.env when AppModule is first imported: clear it before importing the app.
    for (const name of Object.keys(process.env).filter((key) => key.startsWith('MS_'))) delete process.env[name];
    const { createTestApp } = await import('../support/test-app.js');
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('GET /api/auth/microsoft/config answers { enabled: false } and nothing else', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/auth/microsoft/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toStrictEqual({ enabled: false });
  });

  it('POST /api/auth/microsoft/complete answers 404 MICROSOFT_SIGN_IN_DISABLED in the one error shape', async () => {
    for (const payload of [{ access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }, {}]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/microsoft/complete', payload });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        status: 404,
        code: 'MICROSOFT_SIGN_IN_DISABLED',
        message: 'Microsoft sign-in is not configured on this server.',
        request_id: expect.any(String),
      });
    }
  });

  it('POST /api/auth/microsoft/link answers 404 MICROSOFT_SIGN_IN_DISABLED to a signed-in user', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/microsoft/link',
      headers: await bearer(app, await createUser(app)),
      payload: { access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln', password: PASSWORD },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'MICROSOFT_SIGN_IN_DISABLED' });
  });
});
