import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { KeyedSerializer } from '../common/concurrency/keyed-serializer.js';
import { WebhookCounter } from './schemas/webhook-counter.schema.js';

export type Counter = 'accepted' | 'rejected' | 'ignored' | 'replayed' | 'processed' | 'failed';

@Injectable()
export class WebhookCountersService {
  private readonly serializer = new KeyedSerializer();

  constructor(@InjectModel(WebhookCounter.name) private readonly counters: Model<WebhookCounter>) {}

  async add(counts: Partial<Record<Counter, number>>): Promise<void> {
    const inc = Object.fromEntries(Object.entries(counts).filter(([, n]) => n));
    if (Object.keys(inc).length === 0) return;
    await this.upsert('totals', { $inc: inc });
  }

  async seen(models: string[], at: Date): Promise<void> {
    await Promise.all([...new Set(models)].map((model) => this.upsert(`model:${model}`, { $set: { last_event_at: at } })));
  }

  async read(): Promise<{ totals: Record<Counter, number>; lastEventAt: Record<string, Date | null> }> {
    const docs = await this.counters.find().lean<WebhookCounter[]>().exec();
    const totals = docs.find((doc) => doc._id === 'totals');
    const lastEventAt = Object.fromEntries(
      docs.filter((doc) => doc._id.startsWith('model:')).map((doc) => [doc._id.slice('model:'.length), doc.last_event_at]),
    );
    return {
      totals: {
        accepted: totals?.accepted ?? 0,
        rejected: totals?.rejected ?? 0,
        ignored: totals?.ignored ?? 0,
        replayed: totals?.replayed ?? 0,
        processed: totals?.processed ?? 0,
        failed: totals?.failed ?? 0,
      },
      lastEventAt,
    };
  }

  private upsert(id: string, update: object): Promise<void> {
    return this.serializer.run(id, () => this.write(id, update));
  }

  private async write(id: string, update: object, retried = false): Promise<void> {
    try {
      await this.counters.updateOne({ _id: id }, update, { upsert: true }).exec();
    } catch (error) {
      // Two first events at once race to create the counter; the loser counts again.
      if ((error as { code?: number }).code === 11000 && !retried) return this.write(id, update, true);
      throw error;
    }
  }
}
