import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  let createTestApp: typeof import('../support/test-app.js').createTestApp;

  beforeAll(async () => {
    Object.assign(process.env, { ADMIN_EMAIL: 'First.Admin@example.com', ADMIN_PASSWORD: 'first admin password' });
    ({ createTestApp } = await import('../support/test-app.js'));
  });

  const users = (app: NestFastifyApplication) => app.get<Connection>(getConnectionToken()).db!.collection('users');

  it('creates a super admin at start-up when there is no user, once, even with several instances', async () => {
    const apps = await Promise.all([createTestApp(), createTestApp()]);
    try {
      const stored = await users(apps[0]).find({}).toArray();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ email: 'first.admin@example.com', role: 'admin', is_super_admin: true, is_active: true });
      expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
      const login = await apps[1].inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'first.admin@example.com', password: 'first admin password' },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.is_super_admin).toBe(true);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });

  it('does nothing once any user exists', async () => {
    const app = await createTestApp();
    try {
      await users(app).deleteMany({});
      await users(app).insertOne({ id: 'x', email: 'someone@example.com', role: 'user' });
    } finally {
      await app.close();
    }
    const restarted = await createTestApp();
    try {
      expect(await users(restarted).countDocuments()).toBe(1);
    } finally {
      await restarted.close();
    }
  });
});
