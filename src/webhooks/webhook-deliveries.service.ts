import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { writeBatchSize } from '../database/write-batches.js';
import { WebhookDelivery } from './schemas/webhook-delivery.schema.js';
import { TOLERANCE_SECONDS } from './webhook-signature.js';

/** Expired receipts are deleted at most this often, in the background. */
const PRUNE_EVERY_MS = 1_000;

interface Receipt {
  document: WebhookDelivery;
  answer: (first: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Tells a signed webhook request received for the first time from a replay of one, across every instance. Odoo
 * waits for the answer inside the user's save, so nothing here makes the route wait for the database: this
 * instance's own memory answers at once whether it received the request before, and the durable record that
 * decides across instances is written just after (the requests arriving meanwhile in one insert), before anything
 * is processed. Expired records are deleted in the background too.
 */
@Injectable()
export class WebhookDeliveriesService {
  private readonly logger = new Logger('Webhooks');
  /** Requests this instance received, by signature, until their timestamp leaves the tolerance window (ms). */
  private readonly seen = new Map<string, number>();
  private queue: Receipt[] = [];
  private inserting = false;
  private prunedAt = 0;

  constructor(@InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>) {}

  /** Whether this instance received the request (by its verified signature, hex) before; remembers it if not. */
  seenHere(signatureHex: string, timestampSeconds: number): boolean {
    const id = signatureHex.toLowerCase();
    if (this.seen.has(id)) return true;
    this.seen.set(id, expiry(timestampSeconds).getTime());
    return false;
  }

  /**
   * Records a request by its verified signature (hex) until its timestamp leaves the tolerance window; false when
   * it was already received, here or on another instance: the unique `_id` decides between copies arriving at once
   * on several instances. When the record cannot be written, this instance forgets the request too, so that a
   * relay's retry of it is not taken for a replay.
   */
  firstReceipt(signatureHex: string, timestampSeconds: number): Promise<boolean> {
    const document = { _id: signatureHex.toLowerCase(), expires_at: expiry(timestampSeconds) };
    const answer = new Promise<boolean>((resolve, reject) => this.queue.push({ document, answer: resolve, fail: reject }));
    if (!this.inserting) void this.insertQueued();
    return answer;
  }

  private async insertQueued(): Promise<void> {
    this.inserting = true;
    try {
      const size = await writeBatchSize(this.deliveries.db.db!);
      while (this.queue.length > 0) await this.insert(this.queue.splice(0, size));
    } catch (error) {
      for (const receipt of this.queue.splice(0)) {
        this.seen.delete(receipt.document._id);
        receipt.fail(error);
      }
    } finally {
      this.inserting = false;
    }
    this.pruneExpired();
  }

  /** One unordered insert; a duplicate key is a request received before, here or on another instance. */
  private async insert(batch: Receipt[]): Promise<void> {
    try {
      const duplicates = await this.insertMany(batch.map((receipt) => receipt.document));
      batch.forEach((receipt, index) => receipt.answer(!duplicates.has(index)));
    } catch (error) {
      for (const receipt of batch) {
        this.seen.delete(receipt.document._id);
        receipt.fail(error);
      }
    }
  }

  /** The indexes of the documents refused for a duplicate key. */
  private async insertMany(documents: WebhookDelivery[]): Promise<Set<number>> {
    try {
      const collection = this.deliveries.db.db!.collection<WebhookDelivery>(this.deliveries.collection.collectionName);
      await collection.insertMany(documents, { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = [(error as { writeErrors?: unknown }).writeErrors ?? []].flat() as { code?: number; index: number }[];
      if (writeErrors.length === 0 || writeErrors.some((writeError) => writeError.code !== 11000)) throw error;
      return new Set(writeErrors.map((writeError) => writeError.index));
    }
  }

  /** FerretDB has no TTL index: expired records are deleted here, at most once a second, nobody waiting on it. */
  private pruneExpired(): void {
    const now = Date.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    for (const [id, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(id);
    this.deliveries
      .deleteMany({ expires_at: { $lt: new Date() } })
      .exec()
      .catch((error: unknown) => this.logger.warn(`Expired webhook deliveries not deleted: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function expiry(timestampSeconds: number): Date {
  return new Date((timestampSeconds + TOLERANCE_SECONDS) * 1000);
}
