import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/test-app.js';
import { bearer, createAdmin, createUser } from '../support/users.js';

describe('GET /api/auth/users', () => {
  let app: NestFastifyApplication;
  let adminAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    adminAuth = await bearer(app, await createAdmin(app, { email: 'boss@example.com', name: 'The Boss' }));
    await createUser(app, { email: 'maria.garcia@example.com', name: 'María García', odoo_matched: true, odoo_user_id: 4 });
    await createUser(app, { email: 'pending@example.com', approval_status: 'pending', auth_provider: 'microsoft' });
    await createUser(app, { email: 'gone@example.com', is_active: false });
    for (let i = 0; i < 5; i++) await createUser(app, { email: `rep${i}@example.com` });
  });
  afterAll(() => app.close());

  const list = (query: string) => app.inject({ method: 'GET', url: `/api/auth/users?${query}`, headers: adminAuth });

  it('paginates in email order with the total', async () => {
    const first = (await list('page=1&page_size=3')).json();
    const second = (await list('page=2&page_size=3')).json();
    expect(first.total).toBe(9);
    expect(first.items).toHaveLength(3);
    expect(first).toMatchObject({ page: 1, page_size: 3 });
    const emails = [...first.items, ...second.items].map((u: { email: string }) => u.email);
    expect(emails).toEqual([...emails].sort());
    expect(new Set(emails).size).toBe(6);
  });

  it('filters by role, active, approval, Odoo link and text', async () => {
    const emails = async (query: string) => (await list(query)).json().items.map((u: { email: string }) => u.email);
    expect(await emails('role=admin')).toEqual(['boss@example.com']);
    expect(await emails('is_active=false')).toEqual(['gone@example.com']);
    expect(await emails('approval_status=pending')).toEqual(['pending@example.com']);
    expect(await emails('odoo_matched=true')).toEqual(['maria.garcia@example.com']);
    expect(await emails('q=GARCÍA')).toEqual(['maria.garcia@example.com']);
    expect(await emails('q=.*')).toEqual([]);
  });

  it('answers bad query parameters with 400', async () => {
    for (const query of ['page=0', 'page_size=1000', 'is_active=maybe', 'role=root', 'q[$ne]=x', 'sort=email']) {
      const res = await list(query);
      expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
    }
  });
});
