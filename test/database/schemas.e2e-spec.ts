import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import { createTestApp } from '../support/test-app.js';

type IndexInfo = { key: Record<string, number>; unique?: boolean };

describe('the seed collections on the real database server', () => {
  let app: NestFastifyApplication;
  let connection: Connection;

  beforeAll(async () => {
    app = await createTestApp();
    connection = app.get<Connection>(getConnectionToken());
    await Promise.all(Object.values(connection.models).map((model) => model.init()));
  });
  afterAll(() => app.close());

  const indexesOf = async (collection: string) =>
    ((await connection.db!.collection(collection).indexes()) as IndexInfo[]).map(({ key, unique }) => ({
      key,
      unique: unique ?? false,
    }));

  it('has the seed collections under their exact names', async () => {
    const names = (await connection.db!.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['data_lake_serving', 'integrations', 'sync_logs', 'users']));
  });

  it('has the seed indexes on users, the email one unique', async () => {
    const indexes = await indexesOf('users');
    expect(indexes).toEqual(
      expect.arrayContaining([
        { key: { email: 1 }, unique: true },
        { key: { odoo_employee_id: 1 }, unique: false },
        { key: { manager_odoo_id: 1 }, unique: false },
        { key: { odoo_user_id: 1 }, unique: false },
      ]),
    );
  });

  it('has the seed indexes on data_lake_serving, the entity key unique', async () => {
    const indexes = await indexesOf('data_lake_serving');
    expect(indexes).toEqual(
      expect.arrayContaining([
        { key: { entity_type: 1, serving_id: 1 }, unique: true },
        { key: { entity_type: 1, is_active: 1 }, unique: false },
        { key: { entity_type: 1, 'data.id': 1 }, unique: false },
      ]),
    );
  });

  it('gives users a UUID string id, lower-cases emails and refuses a duplicate email in any case', async () => {
    const users = connection.model('User');
    const created = await users.create({ email: 'Ana.Lopez@Example.com', name: 'Ana' });
    const stored = await connection.db!.collection('users').findOne({ _id: created._id });
    expect(stored?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stored).toMatchObject({ email: 'ana.lopez@example.com', is_active: true, approval_status: 'approved' });
    expect(stored?.created_at).toBeInstanceOf(Date);
    expect(stored).not.toHaveProperty('__v');
    await expect(users.create({ email: 'ANA.LOPEZ@example.com' })).rejects.toMatchObject({ code: 11000 });
  });

  it('refuses a second record for the same entity type and Odoo id', async () => {
    const records = connection.model('DataLakeRecord');
    await records.create({ entity_type: 'opportunity', serving_id: '7', data: { id: 7, name: 'Deal' } });
    await expect(records.create({ entity_type: 'opportunity', serving_id: '7', data: { id: 7 } })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(records.create({ entity_type: 'account', serving_id: '7', data: { id: 7 } })).resolves.toBeDefined();
  });

  it('gives integrations and sync logs UUID ids', async () => {
    const integration = await connection.model('Integration').create({ integration_type: 'odoo' });
    const log = await connection.model('SyncLog').create({ trigger: 'manual' });
    expect(integration.get('id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.get('id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.get('status')).toBe('running');
  });
});
