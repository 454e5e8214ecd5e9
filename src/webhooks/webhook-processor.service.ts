import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/environment.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RecordSync, type RecordsSynced } from '../sync/record-sync.service.js';
import { SYNCED_MODELS, type WebhookEvent } from './webhook-events.js';
import { WebhookCountersService } from './webhook-counters.service.js';

/** A record is first read this long after its event, so a burst becomes a few reads from Odoo instead of one per event. */
const GATHER_MS = 200;
/**
 * Odoo posts a webhook inside the transaction that made the change, and commits after: only a read this long after
 * a record's last event (or later) settles it.
 */
const SETTLE_MS = 2_000;
/** A read that finds Odoo behind an event is tried again after 250 ms, 500 ms, 1 s... at most this apart. */
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 30_000;
/** Records due within this of each other are read together. */
const TOGETHER_MS = 50;
/** Record ids per Odoo read. */
const BATCH_SIZE = 500;

/** A record webhooks announced, from its first event until a read shows it as of its last one. */
interface Announced {
  model: string;
  id: number;
  /** The newest write_date its events carried (to the second); null when none carried one. */
  writeDate: string | null;
  /** When its last event arrived (ms since the epoch). */
  lastEventAt: number;
  /** When to read it next. */
  dueAt: number;
  /** Reads since its last event that found Odoo behind it. */
  retries: number;
  /** When a read first found it gone from Odoo while it is live here: a later settled read confirms it. */
  goneSince: number | null;
}

/**
 * What a read of a record means: `settled` (stored as of its last event), `deleted` (gone, confirmed), `settle`
 * (stored, to be read once more after the settle delay), `confirm` (gone, to be read again before the soft delete),
 * `behind` (Odoo has not committed the change yet, or never will: read again with backoff, bounded).
 */
type Outcome = 'settled' | 'deleted' | 'settle' | 'confirm' | 'behind';

/**
 * Acts on webhook events in the background. The payload is only a hint: each record is read again from Odoo and
 * stored through the sync's own path. Odoo posts before it commits, so a record is read until Odoo shows it as of
 * its last event: until its write_date reaches the one the event carried, if any, and at least once after the
 * settle delay; a record Odoo does not have yet (a create not committed) is read again with backoff for
 * WEBHOOK_RETRY_SECONDS, and one that is live here but gone from Odoo is soft-deleted only once a second read
 * confirms it. Events for a record already waiting collapse into it, its later write_date and time winning.
 * Reads run one after another, so a record's later reads come after its earlier ones.
 */
@Injectable()
export class WebhookProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly retryWindowMs: number;
  private readonly announced = new Map<string, Announced>();
  /** Requests whose first receipt is being recorded. */
  private readonly intakes = new Set<Promise<void>>();
  private draining: Promise<void> | null = null;
  private alarm: { at: number; ring: () => void } | null = null;
  private closing = false;

  constructor(
    private readonly recordSync: RecordSync,
    private readonly counters: WebhookCountersService,
    private readonly metrics: MetricsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.retryWindowMs = config.get('WEBHOOK_RETRY_SECONDS', { infer: true }) * 1000;
  }

  /**
   * Takes a request's events once it is known to be the first receipt of that request across every instance: a
   * copy another instance received first is a replay, and is not processed.
   */
  receive(firstReceipt: Promise<boolean>, events: WebhookEvent[]): void {
    const receivedAt = new Date();
    const synced = events.filter((event) => SYNCED_MODELS.has(event.model));
    const intake = firstReceipt
      .then((first) => {
        this.metrics.webhookRequests.inc({ outcome: first ? 'accepted' : 'replayed' });
        if (!first) return this.counters.add({ replayed: 1 });
        this.counters.add({ accepted: synced.length, ignored: events.length - synced.length });
        this.metrics.webhookEvents.inc({ outcome: 'accepted' }, synced.length);
        this.metrics.webhookEvents.inc({ outcome: 'ignored' }, events.length - synced.length);
        this.counters.seen(events.map((event) => event.model), receivedAt);
        this.enqueue(synced);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn({ msg: `Webhook request not recorded, its events are left to the next sync: ${message}`, events: synced.length, error: message });
        this.counters.add({ failed: synced.length });
        this.metrics.webhookRequests.inc({ outcome: 'failed' });
      })
      .finally(() => this.intakes.delete(intake));
    this.intakes.add(intake);
  }

  private enqueue(events: WebhookEvent[]): void {
    if (events.length === 0) return;
    const now = Date.now();
    for (const event of events) this.announce(event, now);
    this.draining ??= this.drain().finally(() => (this.draining = null));
    if (this.alarm && this.alarm.at > now + GATHER_MS) this.alarm.ring();
  }

  /** Resolves once every event received so far has been handled: settled, or given up on. */
  async idle(): Promise<void> {
    while (this.intakes.size > 0 || this.draining) {
      await Promise.all(this.intakes);
      if (this.draining) await this.draining;
    }
  }

  /** What is still waiting is read once more now; what Odoo does not show yet is left to the next sync. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.alarm?.ring();
    await this.idle();
    await this.counters.flush();
  }

  private announce({ model, id, writeDate }: WebhookEvent, now: number): void {
    const known = this.announced.get(keyOf(model, id));
    if (!known) {
      this.announced.set(keyOf(model, id), { model, id, writeDate, lastEventAt: now, dueAt: now + GATHER_MS, retries: 0, goneSince: null });
      return;
    }
    if (writeDate && (!known.writeDate || writeDate > known.writeDate)) known.writeDate = writeDate;
    known.lastEventAt = now;
    known.retries = 0;
    known.dueAt = Math.min(known.dueAt, now + GATHER_MS);
  }

  private async drain(): Promise<void> {
    while (this.announced.size > 0) {
      const now = Date.now();
      let next = Infinity;
      for (const record of this.announced.values()) next = Math.min(next, record.dueAt);
      if (!this.closing && next > now) {
        await this.sleepUntil(next);
        continue;
      }
      const due = [...this.announced.values()].filter((record) => this.closing || record.dueAt <= now + TOGETHER_MS);
      for (const [model, records] of Map.groupBy(due, (record) => record.model)) {
        for (let i = 0; i < records.length; i += BATCH_SIZE) await this.read(model, records.slice(i, i + BATCH_SIZE));
      }
    }
  }

  /** Waits until `at`, or until an event needs a read sooner (enqueue rings the alarm). */
  private sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => ring(), Math.max(0, at - Date.now()));
      const ring = () => {
        clearTimeout(timer);
        this.alarm = null;
        resolve();
      };
      this.alarm = { at, ring };
    });
  }

  /** One read of some records of a model through the sync's door (logged as a webhook run); then what it means for each. */
  private async read(model: string, records: Announced[]): Promise<void> {
    const readAt = Date.now();
    // A record gone from Odoo is soft-deleted only once a settled read confirms what an earlier one saw.
    const confirmed = new Set(records.filter((record) => record.goneSince !== null && this.settled(record, readAt)).map((record) => record.id));
    try {
      const read = await this.recordSync.syncRecords(
        model,
        records.map((record) => record.id),
        'webhook',
        { deletable: (id) => confirmed.has(id) },
      );
      const givenUp = records.filter((record) => this.apply(record, this.outcome(record, readAt, read), readAt));
      this.reportGivenUp(model, givenUp, 'Odoo still does not show them as of their last webhook');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ msg: `Webhook batch of ${model} failed, reading again later: ${message}`, model, records: records.length, error: message });
      this.reportGivenUp(model, records.filter((record) => this.retry(record, readAt, 'failed')), 'reading them from Odoo kept failing');
    }
  }

  private settled(record: Announced, readAt: number): boolean {
    return this.closing || readAt >= record.lastEventAt + SETTLE_MS;
  }

  private outcome(record: Announced, readAt: number, { found, goneLive }: RecordsSynced): Outcome {
    const settled = this.settled(record, readAt);
    const writeDate = found.get(record.id);
    if (writeDate !== undefined) {
      if (record.writeDate && writeDate.slice(0, 19) < record.writeDate) return 'behind';
      return settled ? 'settled' : 'settle';
    }
    // Missing and never stored: a create Odoo has not committed yet (or rolled back).
    if (!goneLive.has(record.id)) return 'behind';
    return record.goneSince !== null && settled ? 'deleted' : 'confirm';
  }

  /** Acts on a read's outcome for a record; true when it gave up on the record. */
  private apply(record: Announced, outcome: Outcome, readAt: number): boolean {
    if (outcome === 'settled' || outcome === 'deleted') {
      this.announced.delete(keyOf(record.model, record.id));
      this.counters.add({ processed: 1, deleted: outcome === 'deleted' ? 1 : 0 });
      return false;
    }
    if (outcome === 'settle') {
      record.goneSince = null;
      // An event that came during the read is read soon; else once more after the settle delay.
      record.dueAt = record.lastEventAt > readAt ? record.lastEventAt + GATHER_MS : record.lastEventAt + SETTLE_MS;
      return false;
    }
    if (outcome === 'confirm' && !this.closing) {
      record.goneSince ??= readAt;
      record.dueAt = Math.max(Date.now() + FIRST_RETRY_MS, record.lastEventAt + SETTLE_MS);
      return false;
    }
    return this.retry(record, readAt, 'gave_up');
  }

  /**
   * Reads a record again after a backoff; true when it gives up on it instead, WEBHOOK_RETRY_SECONDS after its
   * last event (or at shutdown).
   */
  private retry(record: Announced, readAt: number, giveUpAs: 'gave_up' | 'failed'): boolean {
    const deadline = record.lastEventAt + this.retryWindowMs;
    if (this.closing || readAt >= deadline) {
      this.announced.delete(keyOf(record.model, record.id));
      this.counters.add({ [giveUpAs]: 1 });
      return true;
    }
    record.retries++;
    if (giveUpAs === 'gave_up') this.counters.add({ retried: 1 });
    const backoff = Math.min(FIRST_RETRY_MS * 2 ** (record.retries - 1), LONGEST_RETRY_MS);
    record.dueAt = Math.min(Date.now() + backoff, deadline);
    return false;
  }

  private reportGivenUp(model: string, records: Announced[], why: string): void {
    if (records.length === 0) return;
    const ids = records.map((record) => record.id);
    const some = `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''}`;
    this.logger.warn({ msg: `Webhooks for ${model} ${some} left to the next sync: ${why}`, model, records: ids.length, ids: ids.slice(0, 10), reason: why });
  }
}

function keyOf(model: string, id: number): string {
  return `${model}:${id}`;
}
