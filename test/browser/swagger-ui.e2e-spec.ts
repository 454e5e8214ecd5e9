import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { createTestApp } from '../support/test-app.js';
import { createAdmin, PASSWORD } from '../support/users.js';
import { authorize, collectErrors, execute, fillBody, launchChromium, operation, tryItOut } from './swagger-ui.js';

const artifacts = path.resolve(import.meta.dirname, '../../test-artifacts');

// What QA does every day: sign in through Swagger UI in a real browser and call protected routes.
describe('Swagger UI in Chromium', () => {
  const email = 'qa.admin@example.com';
  let app: NestFastifyApplication;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const screenshot = (name: string, target: Page | Locator) => target.screenshot({ path: path.join(artifacts, `swagger-ui-${name}.png`) });

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    await createAdmin(app, { email, name: 'QA Admin' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    // GET /api/auth/me is executed once without a token on purpose.
    errors = collectErrors(page, [401]);
  }, 90_000);
  afterAll(async () => {
    if (page) await screenshot('last', page);
    await browser?.close();
    await app?.close();
  });

  it('logs in, authorizes with the token shown and executes /auth/me and an admin route', async () => {
    // Swagger UI renders on load: blocked scripts or a crash show up here, before any locator times out.
    await page.goto(`${await app.getUrl()}/api/docs`, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    const me = operation(page, 'auth', 'me');

    await tryItOut(me);
    expect((await execute(me)).status).toBe(401);

    const login = operation(page, 'auth', 'login');
    await tryItOut(login);
    await fillBody(login, { email, password: PASSWORD });
    const loggedIn = await execute(login);
    expect(loggedIn.status).toBe(200);
    const { access_token } = JSON.parse(loggedIn.body);
    expect(access_token).toEqual(expect.any(String));
    await screenshot('login', login);

    await authorize(page, access_token);
    const shownMe = await execute(me);
    expect(shownMe.status).toBe(200);
    expect(JSON.parse(shownMe.body)).toMatchObject({ email, role: 'admin' });
    await screenshot('me', me);

    const users = operation(page, 'auth', 'listUsers');
    await tryItOut(users);
    const shownUsers = await execute(users);
    expect(shownUsers.status).toBe(200);
    expect(shownUsers.body).toContain(email);
    await screenshot('users', users);

    expect(errors).toEqual([]);
  }, 90_000);
});
