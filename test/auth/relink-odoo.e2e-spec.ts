import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { createTestApp } from '../support/test-app.js';
import { bearer, createUser } from '../support/users.js';

/** An hr.employee as the sync stores it in data_lake_serving, with its normalized fields. */
function employee(id: number, emails: string[], extra: Record<string, unknown> = {}) {
  return {
    entity_type: 'user',
    serving_id: String(id),
    data: { id, name: `Employee ${id}`, work_email: emails[0], parent_id: [3, 'Boss'], user_id: [id + 100, `User ${id}`] },
    emails,
    odoo_user_id: id + 100,
    manager_employee_id: 3,
    department_id: 2,
    team_id: 5,
    is_active: true,
    source: 'odoo',
    ...extra,
  };
}

describe('POST /api/auth/relink-odoo', () => {
  let app: NestFastifyApplication;
  let connection: Connection;

  beforeAll(async () => {
    app = await createTestApp();
    connection = app.get<Connection>(getConnectionToken());
    await connection.db!.collection('data_lake_serving').insertMany([
      employee(12, ['ana@example.com', 'ana.login@example.com']),
      employee(13, ['twin@example.com']),
      employee(14, ['twin@example.com']),
      employee(15, ['left@example.com'], { is_active: false }),
      employee(16, ['taken@example.com']),
    ]);
  });
  afterAll(() => app.close());

  const relink = async (email: string) =>
    app.inject({ method: 'POST', url: '/api/auth/relink-odoo', headers: await bearer(app, await createUser(app, { email })) });

  it('links the caller to the employee with their email and fills the seed odoo_* fields', async () => {
    const res = await relink('ANA@example.com');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      email: 'ana@example.com',
      odoo_employee_id: 12,
      odoo_user_id: 112,
      odoo_salesperson_name: 'Employee 12',
      odoo_department_id: 2,
      odoo_team_id: 5,
      manager_odoo_id: 3,
      odoo_matched: true,
    });
    const stored = await connection.db!.collection('users').findOne({ email: 'ana@example.com' });
    expect(stored).toMatchObject({ odoo_employee_id: 12, odoo_matched: true });
  });

  it('matches the login of the employee\'s Odoo user too', async () => {
    const res = await relink('ana.login@example.com');
    // Employee 12 is already linked to ana@example.com by the test before.
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ODOO_IDENTITY_TAKEN');
  });

  it('answers 404 with a hint when no active employee has the email', async () => {
    for (const email of ['nobody@example.com', 'left@example.com']) {
      const res = await relink(email);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ODOO_MATCH_NOT_FOUND', message: expect.stringContaining('work email') });
    }
  });

  it('answers 409 when several employees share the email', async () => {
    const res = await relink('twin@example.com');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ODOO_MATCH_AMBIGUOUS');
  });

  it('answers 409 when another account already holds that Odoo identity, and changes nothing', async () => {
    await createUser(app, { email: 'someone.else@example.com', odoo_employee_id: 16, odoo_matched: true });
    const res = await relink('taken@example.com');
    expect(res.statusCode).toBe(409);
    expect((await connection.db!.collection('users').findOne({ email: 'taken@example.com' }))?.odoo_matched).toBe(false);
  });

  it('lets a user relink again to the same identity', async () => {
    const user = await createUser(app, { email: 'again@example.com' });
    await connection.db!.collection('data_lake_serving').insertOne(employee(20, ['again@example.com']));
    const auth = await bearer(app, user);
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/relink-odoo', headers: auth });
      expect(res.json()).toMatchObject({ odoo_employee_id: 20 });
    }
  });
});
