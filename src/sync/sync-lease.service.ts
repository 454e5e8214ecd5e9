import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EnvironmentVariables } from '../config/environment.js';
import { SyncLease } from './schemas/sync-lease.schema.js';

const LEASE_ID = 'odoo-sync';

export interface Lease {
  owner: string;
  sync_id: string;
  expires_at: Date;
  heartbeat_at: Date;
}

export type AcquireResult =
  | { acquired: true; /** A crashed holder's run, whose log must be closed. */ tookOverFrom: Lease | null }
  | { acquired: false; holder: Lease };

/** One sync at a time across all instances, through a lease document with an expiry and a heartbeat. */
@Injectable()
export class SyncLeaseService {
  /** This process, as lease owner. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly leaseMs: number;

  constructor(
    @InjectModel(SyncLease.name) private readonly leases: Model<SyncLease>,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.leaseMs = config.get('SYNC_LEASE_SECONDS', { infer: true }) * 1000;
  }

  /** Takes the lease for `syncId` if nobody holds it or the holder's lease has lapsed. */
  async acquire(syncId: string): Promise<AcquireResult> {
    const now = new Date();
    const previous = await this.current();
    const lease = { owner: this.instanceId, sync_id: syncId, expires_at: new Date(now.getTime() + this.leaseMs), heartbeat_at: now };
    try {
      const taken = await this.leases
        .findOneAndUpdate({ _id: LEASE_ID, expires_at: { $lt: now } }, { $set: lease }, { upsert: true, returnDocument: 'after' })
        .lean()
        .exec();
      if (taken.owner !== this.instanceId || taken.sync_id !== syncId) return { acquired: false, holder: taken };
    } catch (error) {
      // The lease exists and has not expired: the upsert's insert collides with it.
      if ((error as { code?: number }).code !== 11000) throw error;
      const holder = await this.current();
      if (!holder) return this.acquire(syncId);
      return { acquired: false, holder };
    }
    const tookOverFrom = previous && previous.sync_id !== syncId && previous.expires_at < now ? previous : null;
    return { acquired: true, tookOverFrom };
  }

  /** Extends the lease; false when it was lost (it lapsed and another instance took it). */
  async heartbeat(syncId: string): Promise<boolean> {
    const now = new Date();
    const result = await this.leases
      .updateOne(
        { _id: LEASE_ID, owner: this.instanceId, sync_id: syncId },
        { $set: { expires_at: new Date(now.getTime() + this.leaseMs), heartbeat_at: now } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  async release(syncId: string): Promise<void> {
    await this.leases.deleteOne({ _id: LEASE_ID, owner: this.instanceId, sync_id: syncId }).exec();
  }

  /** The live lease, if any. */
  async holder(): Promise<Lease | null> {
    const lease = await this.current();
    return lease && lease.expires_at > new Date() ? lease : null;
  }

  private current(): Promise<Lease | null> {
    return this.leases.findById(LEASE_ID).lean<Lease>().exec();
  }
}
