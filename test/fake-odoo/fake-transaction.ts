// A transaction open on the fake's database, as Odoo holds one for the length of a request (odoo/sql_db.py
// Cursor): what it creates, writes or deletes is seen by no other request until it commits, and every write_date
// it stamps is its start time (cr.now() reads PostgreSQL's now(), the transaction's start). Odoo 17.0-19.0's
// "Send Webhook Notification" posts from inside it, before the commit: webhookEvent reads the record as the
// transaction sees it.
import type { FakeDatabase } from './fake-database.js';
import type { OdooModel } from './model-registry.js';
import type { StoredRecord } from './model-types.js';
import { ADMIN_UID } from './odoo-instance.js';
import { createRecords, existingRecords, unlinkRecords, writeRecords } from './orm-write.js';
import type { WebhookEvent } from './webhook-sender.js';

/** A row the transaction changed: as committed before it (null: none), and as the transaction has it (null: deleted). */
interface Touched {
  readonly model: string;
  readonly id: number;
  readonly committed: StoredRecord | null;
  own: StoredRecord | null;
}

export type ReadEvent = (model: string, id: number, fields: readonly string[]) => WebhookEvent;

/**
 * The tables always hold the committed rows; the transaction's own versions are put in place only for the
 * synchronous span of one of its operations, so no request (served between awaits) ever sees them. Rows it touched
 * must not be written outside it until it ends (PostgreSQL would make such a writer wait for it).
 */
export class FakeTransaction {
  /** The write_date of everything it writes. */
  readonly writeDate: string;
  private readonly db: FakeDatabase;
  private readonly readEvent: ReadEvent;
  private readonly touched = new Map<string, Touched>();
  private state: 'open' | 'committed' | 'rolled back' = 'open';

  // No parameter properties: the fake also runs under Node's type stripping (cli.ts).
  constructor(db: FakeDatabase, readEvent: ReadEvent) {
    this.db = db;
    this.readEvent = readEvent;
    this.writeDate = db.writeStamp();
  }

  /** Creates a record as the admin; answers its id (taken now, as PostgreSQL's sequences do, even if it rolls back). */
  insert(model: string, values: Readonly<Record<string, unknown>>): number {
    return this.inside(() => {
      const [record] = createRecords(this.db, this.model(model), [values], { uid: ADMIN_UID, dates: { create_date: this.writeDate, write_date: this.writeDate } });
      this.touched.set(keyOf(model, record.id), { model, id: record.id, committed: null, own: { ...record } });
      return record.id;
    });
  }

  update(model: string, id: number, values: Readonly<Record<string, unknown>>): void {
    this.inside(() => {
      const odooModel = this.model(model);
      const [record] = existingRecords(this.db, odooModel, [id], ADMIN_UID, 'write');
      const touched = this.touch(model, record);
      writeRecords(this.db, odooModel, [record], values, { uid: ADMIN_UID, dates: { write_date: this.writeDate } });
      touched.own = { ...record };
    });
  }

  /** Deletes a record; other records' references to it are emptied at commit (ON DELETE SET NULL). */
  delete(model: string, id: number): void {
    this.inside(() => {
      const record = this.db.get(model, id);
      if (record) this.touch(model, record).own = null;
    });
  }

  /** What an automation rule's webhook would send for a record now: read(fields, load=None) inside the transaction. */
  webhookEvent(model: string, id: number, fields: readonly string[]): WebhookEvent {
    return this.inside(() => this.readEvent(model, id, fields));
  }

  /** Makes every change visible at once; rows deleted in it go now. */
  commit(): void {
    this.end('committed');
    for (const row of this.touched.values()) {
      if (row.own) this.place(row, row.own);
      else if (this.db.get(row.model, row.id)) unlinkRecords(this.db, this.model(row.model), [row.id]);
    }
  }

  /** Drops every change: nobody ever saw them. */
  rollback(): void {
    this.end('rolled back');
  }

  private end(state: 'committed' | 'rolled back'): void {
    if (this.state !== 'open') throw new Error(`the transaction was already ${this.state}`);
    this.state = state;
  }

  /** Runs `work` on the transaction's view of the tables, and puts the committed rows back after it. */
  private inside<T>(work: () => T): T {
    if (this.state !== 'open') throw new Error(`the transaction was already ${this.state}`);
    for (const row of this.touched.values()) this.place(row, row.own);
    try {
      return work();
    } finally {
      for (const row of this.touched.values()) this.place(row, row.committed);
    }
  }

  private touch(model: string, record: StoredRecord): Touched {
    const key = keyOf(model, record.id);
    const touched = this.touched.get(key) ?? { model, id: record.id, committed: { ...record }, own: { ...record } };
    this.touched.set(key, touched);
    return touched;
  }

  /** Makes a row of the table `image` (null: absent). */
  private place(row: Touched, image: StoredRecord | null): void {
    const table = this.db.table(row.model);
    const current = table.get(row.id);
    if (current) table.remove(current);
    if (image) table.insert({ ...image });
  }

  private model(name: string): OdooModel {
    const model = this.db.model(name);
    if (!model) throw new Error(`the fake has no model ${name}`);
    return model;
  }
}

function keyOf(model: string, id: number): string {
  return `${model}:${id}`;
}
