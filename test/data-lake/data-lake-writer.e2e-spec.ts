import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DataLakeWriter, type LakeItem } from '../../src/data-lake/data-lake-writer.service.js';
import { StoredVersions } from '../../src/data-lake/stored-versions.js';
import { createTestApp } from '../support/test-app.js';

const version = (writeDate: string, name: string): LakeItem => ({
  servingId: '42',
  data: { id: 42, name, write_date: writeDate },
  normalized: { odoo_write_date: writeDate, name },
});

describe('DataLakeWriter', () => {
  let app: NestFastifyApplication;
  let writer: DataLakeWriter;
  let connection: Connection;

  beforeAll(async () => {
    app = await createTestApp();
    writer = app.get(DataLakeWriter);
    connection = app.get<Connection>(getConnectionToken());
  });
  afterAll(() => app.close());

  const stored = () => connection.db!.collection('data_lake_serving').findOne({ entity_type: 'opportunity', serving_id: '42' });

  it('never lets a writer holding an older view overwrite a newer version stored meanwhile', async () => {
    const at = new Date();
    await writer.upsertPage('opportunity', [version('2026-11-01 10:00:00', 'first')], at, new StoredVersions());
    // A sync loads what is stored, then a webhook stores a newer version before the sync writes its page.
    const syncView = await writer.storedVersions('opportunity');
    const webhookView = await writer.storedVersions('opportunity');
    await writer.upsertPage('opportunity', [version('2026-11-01 12:00:00', 'newer, from the webhook')], at, webhookView);
    const stats = await writer.upsertPage('opportunity', [version('2026-11-01 11:00:00', 'older, from the sync')], at, syncView);
    expect(stats).toMatchObject({ updated: 1, stale: 1 });
    expect(await stored()).toMatchObject({ name: 'newer, from the webhook', odoo_write_date: '2026-11-01 12:00:00' });
  });

  it('does not go back to an older version it knows about', async () => {
    const view = await writer.storedVersions('opportunity');
    const stats = await writer.upsertPage('opportunity', [version('2026-11-01 09:00:00', 'ancient')], new Date(), view);
    expect(stats).toMatchObject({ stale: 1, updated: 0 });
    expect((await stored())?.name).toBe('newer, from the webhook');
  });

  it('rewrites nothing for an unchanged record but marks it seen, and inserts once when two writers race', async () => {
    const before = await stored();
    const seenAt = new Date(Date.now() + 1000);
    const same = version('2026-11-01 12:00:00', 'newer, from the webhook');
    const again = await writer.upsertPage('opportunity', [same], seenAt, await writer.storedVersions('opportunity'));
    expect(again).toMatchObject({ unchanged: 1, updated: 0, inserted: 0 });
    const after = await stored();
    expect(after?.last_aggregated).toEqual(seenAt);
    expect(after?.created_at).toEqual(before?.created_at);

    const fresh: LakeItem = { servingId: '77', data: { id: 77 }, normalized: { odoo_write_date: '2026-11-02 00:00:00' } };
    const results = await Promise.all([
      writer.upsertPage('opportunity', [fresh], new Date(), new StoredVersions()),
      writer.upsertPage('opportunity', [fresh], new Date(), new StoredVersions()),
    ]);
    expect(results.map((r) => r.inserted).sort()).toEqual([0, 1]);
    expect(await connection.db!.collection('data_lake_serving').countDocuments({ serving_id: '77' })).toBe(1);
  });
});
