import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { MongoClient, ServerHeartbeatStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { CONNECT_TIMEOUT_MS, HEARTBEAT_FREQUENCY_MS } from './database.options.js';

/** A server check runs at most this long: the driver's own socket timeout for it, plus slack. */
const STALLED_AFTER_MS = CONNECT_TIMEOUT_MS + HEARTBEAT_FREQUENCY_MS + 5_000;
const LOOK_EVERY_MS = 2_000;

/**
 * Reconnects the MongoDB client when its server monitor stalls.
 *
 * The driver (7.8 and 7.9) can write a server check onto a socket the server has just closed: Node destroyed the
 * socket, its `close` event has not run yet, the write waits for a `drain` that never comes, and the monitor
 * waits on that check forever. Every operation then fails server selection with the old error although the
 * database is back. Seen when the database restarts under load; a fresh client connects at once.
 */
@Injectable()
export class StalledMonitorWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly checksSince = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private reconnecting: Promise<void> | null = null;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  onApplicationBootstrap(): void {
    const client = this.connection.getClient();
    client.on('serverHeartbeatStarted', (event: ServerHeartbeatStartedEvent) => this.checksSince.set(event.connectionId, Date.now()));
    client.on('serverHeartbeatSucceeded', (event) => this.checksSince.delete(event.connectionId));
    client.on('serverHeartbeatFailed', (event) => this.checksSince.delete(event.connectionId));
    this.timer = setInterval(() => this.look(client), LOOK_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private look(client: MongoClient): void {
    const stalled = [...this.checksSince].find(([, since]) => Date.now() - since > STALLED_AFTER_MS);
    if (!stalled || this.reconnecting) return;
    const [address, since] = stalled;
    this.logger.warn(`The check of ${address} has hung for ${Math.round((Date.now() - since) / 1000)} s; reconnecting to the database`);
    this.checksSince.clear();
    this.reconnecting = reconnect(client)
      .catch((error: unknown) => this.logger.error(`Reconnecting to the database failed: ${String(error)}`))
      .finally(() => (this.reconnecting = null));
  }
}

/** A new topology with new monitors; in-flight operations of the old one fail and are answered as such. */
async function reconnect(client: MongoClient): Promise<void> {
  await client.close();
  await client.connect();
}
