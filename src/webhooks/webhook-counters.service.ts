import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { WebhookCounter } from './schemas/webhook-counter.schema.js';

const COUNTERS = ['accepted', 'rejected', 'ignored', 'replayed', 'processed', 'retried', 'gave_up', 'deleted', 'failed'] as const;
export type Counter = (typeof COUNTERS)[number];

/** Counts wait in memory this long: a burst of webhooks costs one database write, not one per request. */
const FLUSH_MS = 1_000;

/**
 * The webhook counters, shared by every instance through MongoDB: each instance adds what it counted with one
 * `$inc` a second, off the webhook's path (what a crashed instance counted in its last second is lost).
 */
@Injectable()
export class WebhookCountersService implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private counts: Partial<Record<Counter, number>> = {};
  private lastEvents = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@InjectModel(WebhookCounter.name) private readonly counters: Model<WebhookCounter>) {}

  add(counts: Partial<Record<Counter, number>>): void {
    for (const [counter, n] of Object.entries(counts) as [Counter, number][]) {
      if (n) this.counts[counter] = (this.counts[counter] ?? 0) + n;
    }
    this.flushLater();
  }

  seen(models: string[], at: Date): void {
    for (const model of models) {
      const known = this.lastEvents.get(model);
      if (!known || known < at) this.lastEvents.set(model, at);
    }
    this.flushLater();
  }

  async read(): Promise<{ totals: Record<Counter, number>; lastEventAt: Record<string, Date | null> }> {
    await this.flush();
    const docs = await this.counters.find().lean<WebhookCounter[]>().exec();
    const totals = docs.find((doc) => doc._id === 'totals');
    const lastEventAt = Object.fromEntries(
      docs.filter((doc) => doc._id.startsWith('model:')).map((doc) => [doc._id.slice('model:'.length), doc.last_event_at]),
    );
    return { totals: Object.fromEntries(COUNTERS.map((counter) => [counter, totals?.[counter] ?? 0])) as Record<Counter, number>, lastEventAt };
  }

  /**
   * Writes what was counted so far. One write at a time: MongoDB applies `$inc` atomically, but FerretDB 1.24
   * (tests and development) loses increments sent concurrently to the same document. Never throws: what could not
   * be written is kept for the next flush.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private flushLater(): void {
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  private async write(): Promise<void> {
    const counts = this.counts;
    const lastEvents = this.lastEvents;
    this.counts = {};
    this.lastEvents = new Map();
    const writes: Promise<void>[] = [];
    if (Object.keys(counts).length > 0) writes.push(this.upsert('totals', { $inc: counts }).catch((error) => this.keep(error, () => this.add(counts))));
    for (const [model, at] of lastEvents) {
      writes.push(this.upsert(`model:${model}`, { $max: { last_event_at: at } }).catch((error) => this.keep(error, () => this.seen([model], at))));
    }
    await Promise.all(writes);
  }

  private keep(error: unknown, putBack: () => void): void {
    this.logger.warn(`Webhook counters not written, trying again: ${error instanceof Error ? error.message : String(error)}`);
    putBack();
  }

  private async upsert(id: string, update: object, retried = false): Promise<void> {
    try {
      await this.counters.updateOne({ _id: id }, update, { upsert: true }).exec();
    } catch (error) {
      // Two instances' first counts at once race to create the counter; the loser counts again.
      if ((error as { code?: number }).code === 11000 && !retried) return this.upsert(id, update, true);
      throw error;
    }
  }
}
