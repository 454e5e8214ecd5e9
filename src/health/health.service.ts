import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

const PING_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Round-trip time of a ping to the database in milliseconds, or null when it does not answer in time. */
  async databaseRoundTripMs(): Promise<number | null> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PING_TIMEOUT_MS)));
    try {
      const ping = this.connection.db?.admin().ping() ?? Promise.reject(new Error('not connected'));
      const answered = await Promise.race([ping.then(() => true), timeout]);
      return answered ? Math.round((performance.now() - started) * 100) / 100 : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
