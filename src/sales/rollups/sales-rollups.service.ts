import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { Model } from 'mongoose';
import { bulkWriteInBatches } from '../../database/write-batches.js';
import { LakeReader } from '../../data-lake/lake-reader.service.js';
import type { LakeRecord } from '../../data-lake/lake-record.js';
import { ReadLimiter } from '../../data-lake/read-limiter.js';
import { many2oneName } from '../../odoo/odoo-values.js';
import { SyncEvents } from '../../sync/sync-events.js';
import { OPEN_ACTIVITY } from '../activities/activity-records.js';
import { dayOf } from '../common/days.js';
import { OPEN_INVOICE } from '../receivables/open-invoices.js';
import { RollupRows } from './rollup-rows.js';
import { SalesRollup, SalesRollupState, type RollupKind } from './schemas/sales-rollup.schema.js';

/** Open and not archived (an archived deal is out of Odoo's pipeline even above probability 0). */
const OPEN_DEAL = { kind: 'opportunity', status: 'open', odoo_active: true };
const DEAL_FIELDS = ['odoo_user_id', 'stage_id', 'data.stage_id', 'partner_id', 'date', 'currency', 'expected_revenue_cents', 'weighted_revenue_cents'];
const STATE_ID = 'dashboard';

export interface DayRange {
  from: string;
  to: string;
}

/**
 * The dashboard's sums, kept up to date at sync time so a request reads a few rows per owner and day instead
 * of every record in its scope. Rebuilt in one pass over the live records after each sync run that changed
 * something, and after webhooks and new opportunities; a build writes a new generation of rows, then makes it
 * current, so readers never see a half-written one.
 */
@Injectable()
export class SalesRollupsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Dashboard');
  private building: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    @InjectModel(SalesRollup.name) private readonly rollups: Model<SalesRollup>,
    @InjectModel(SalesRollupState.name) private readonly states: Model<SalesRollupState>,
    private readonly lake: LakeReader,
    private readonly limiter: ReadLimiter,
    private readonly syncEvents: SyncEvents,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.syncEvents.onRecordsChanged(() => this.refresh());
  }

  /** A build in progress ends before the database connection closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    await Promise.allSettled([this.building, this.queued]);
  }

  /** The current rows of a kind for the given owners (all when null), within a day range when given. */
  async rows(kind: RollupKind, owners: number[] | null, days?: DayRange): Promise<SalesRollup[]> {
    const generation = (await this.currentGeneration()) ?? (await this.refresh(), await this.currentGeneration());
    const filter: Record<string, unknown> = { generation, kind };
    if (owners) filter.owner = { $in: owners };
    if (days) filter.day = { $gte: days.from, $lte: days.to };
    return this.limiter.run(() => this.rollups.find(filter).lean<SalesRollup[]>().exec());
  }

  /** Rebuilds now; called during a build, it builds once more after it (that build may have missed the change). */
  refresh(): Promise<void> {
    if (!this.building) {
      this.building = this.rebuild().finally(() => (this.building = null));
      return this.building;
    }
    this.queued ??= this.building
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
    return this.queued;
  }

  private async currentGeneration(): Promise<string | null> {
    const state = await this.states.findById(STATE_ID).lean<SalesRollupState>().exec();
    return state?.generation ?? null;
  }

  private async rebuild(): Promise<void> {
    const started = new Date();
    // Sortable by start: a build never replaces a newer one, and never deletes rows of one still being written.
    const generation = `${String(started.getTime()).padStart(15, '0')}-${Math.random().toString(36).slice(2, 10)}`;
    const rows = await this.sum();
    await bulkWriteInBatches(this.rollups.collection, insertsOf(rows, generation), this.rollups.db.db!);
    const current = await this.currentGeneration();
    if (current !== null && current > generation) {
      await this.rollups.deleteMany({ generation }).exec();
      return;
    }
    await this.states.updateOne({ _id: STATE_ID }, { $set: { generation, built_at: new Date() } }, { upsert: true }).exec();
    await this.rollups.deleteMany({ generation: { $lt: generation } }).exec();
    this.logger.log(`Dashboard sums rebuilt: ${rows.size} rows in ${Date.now() - started.getTime()} ms`);
  }

  private async sum(): Promise<RollupRows> {
    const rows = new RollupRows();
    const companies = await this.companiesOfContacts();
    const accountOf = (partner: number | null | undefined) => (partner == null ? null : (companies.get(partner) ?? partner));
    for await (const deal of this.lake.stream('opportunity', OPEN_DEAL, DEAL_FIELDS)) {
      const owner = deal.odoo_user_id ?? null;
      const sums = { count: 1, cents: deal.expected_revenue_cents ?? 0, weighted_cents: deal.weighted_revenue_cents ?? 0 };
      rows.add('stage', { owner, stage: deal.stage_id, stage_name: stageName(deal), currency: deal.currency }, sums);
      if (deal.date) rows.add('forecast', { owner, day: deal.date, currency: deal.currency }, sums);
      const account = accountOf(deal.partner_id);
      if (account !== null) rows.add('account_open', { owner, account, currency: deal.currency }, { cents: sums.cents });
    }
    // Won and lost apart: FerretDB (tests, development) applies equality in PostgreSQL, other conditions only
    // after decoding every candidate document.
    const closedFields = [...DEAL_FIELDS, 'status', 'closed_at', 'odoo_created_at'];
    const closed = (status: string) => this.lake.stream('opportunity', { kind: 'opportunity', status, closed_at: { $ne: null } }, closedFields);
    for await (const deal of concat(closed('won'), closed('lost'))) {
      const owner = deal.odoo_user_id ?? null;
      const day = dayOf(deal.closed_at!);
      const cents = deal.expected_revenue_cents ?? 0;
      const cycle = deal.status === 'won' && deal.odoo_created_at ? deal.closed_at!.getTime() - deal.odoo_created_at.getTime() : null;
      rows.add('closed', { owner, day, status: deal.status, currency: deal.currency }, { count: 1, cents, cycles: cycle === null ? 0 : 1, cycle_ms: cycle ?? 0 });
      const account = accountOf(deal.partner_id);
      if (deal.status === 'won' && account !== null) rows.add('account_won', { owner, account, day, currency: deal.currency }, { cents });
    }
    for await (const activity of this.lake.stream('activity', OPEN_ACTIVITY, ['odoo_user_id', 'date'])) {
      if (activity.date) rows.add('activity', { owner: activity.odoo_user_id ?? null, day: activity.date }, { count: 1 });
    }
    const invoiceFields = ['odoo_user_id', 'due_date', 'currency', 'amount_residual_cents', 'company_currency', 'amount_residual_company_cents'];
    for await (const invoice of this.lake.stream('invoice', OPEN_INVOICE, invoiceFields)) {
      const owner = invoice.odoo_user_id ?? null;
      rows.add('invoice', { owner, day: invoice.due_date, currency: invoice.currency }, { count: 1, cents: invoice.amount_residual_cents ?? 0 });
      const inCompanyCurrency = { count: 1, cents: invoice.amount_residual_company_cents ?? 0 };
      rows.add('invoice_company', { owner, day: invoice.due_date, currency: invoice.company_currency }, inCompanyCurrency);
    }
    return rows;
  }

  /** An opportunity's customer may be a person: their deals count for their company. */
  private async companiesOfContacts(): Promise<Map<number, number>> {
    const companies = new Map<number, number>();
    for await (const contact of this.lake.stream('contact', { partner_id: { $ne: null } }, ['serving_id', 'partner_id'])) {
      companies.set(Number(contact.serving_id), contact.partner_id!);
    }
    return companies;
  }
}

/** The rows as inserts, made as they are written rather than all at once beside the rows. */
function* insertsOf(rows: RollupRows, generation: string): Generator<AnyBulkWriteOperation> {
  for (const row of rows.values()) yield { insertOne: { document: { ...row, generation } } };
}

async function* concat<T>(...sources: AsyncIterable<T>[]): AsyncIterable<T> {
  for (const source of sources) yield* source;
}

function stageName(deal: LakeRecord): string | null {
  return many2oneName(deal.data?.stage_id);
}
