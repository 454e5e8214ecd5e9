import { SeededRandom } from './seeded-random.js';

/**
 * - error: Odoo's answer to a dropped PostgreSQL connection (JSON-RPC: an error envelope, JSON-2: a 500)
 * - html: a reverse proxy's 502 text/html page
 * - hang: the request is never answered
 * - truncate: the JSON body stops half way and the connection closes
 * - reset: the connection closes without an answer
 * - auth: the credentials are refused for this one call
 */
export type FaultKind = 'error' | 'html' | 'hang' | 'truncate' | 'reset' | 'auth';

export interface FaultSettings {
  /** Added before every answer; a [min, max] pair draws a delay in between. */
  readonly latencyMs: number | readonly [number, number];
  readonly errorRate: number;
  readonly htmlErrorRate: number;
  readonly hangRate: number;
  readonly truncateRate: number;
  /** Every authentication fails while true. */
  readonly authFailure: boolean;
}

const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, htmlErrorRate: 0, hangRate: 0, truncateRate: 0, authFailure: false };

/** Decides, call by call, which fault (if any) the fake serves: queued ones first, then the rates. */
export class FaultInjector {
  private settings: FaultSettings = NO_FAULTS;
  private readonly queue: FaultKind[] = [];
  private readonly random: SeededRandom;

  constructor(seed = Date.now()) {
    this.random = new SeededRandom(seed);
  }

  get current(): FaultSettings {
    return this.settings;
  }

  set(changes: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...changes };
  }

  clear(): void {
    this.settings = NO_FAULTS;
    this.queue.length = 0;
  }

  failNext(count: number, kind: FaultKind): void {
    for (let index = 0; index < count; index++) this.queue.push(kind);
  }

  latency(): number {
    const latency = this.settings.latencyMs;
    return typeof latency === 'number' ? latency : this.random.int(latency[0], latency[1]);
  }

  draw(): FaultKind | undefined {
    const queued = this.queue.shift();
    if (queued) return queued;
    const roll = this.random.next();
    const { hangRate, htmlErrorRate, truncateRate, errorRate } = this.settings;
    const thresholds: [number, FaultKind][] = [
      [hangRate, 'hang'],
      [htmlErrorRate, 'html'],
      [truncateRate, 'truncate'],
      [errorRate, 'error'],
    ];
    let floor = 0;
    for (const [rate, kind] of thresholds) {
      floor += rate;
      if (roll < floor) return kind;
    }
    return undefined;
  }
}

/** Calls received, per model and method ("common" for the common service). */
export class CallLog {
  private readonly counts = new Map<string, number>();

  record(model: string, method: string): void {
    const key = `${model}\u0000${method}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(model?: string, method?: string): number {
    let total = 0;
    for (const [key, count] of this.counts) {
      const [recordedModel, recordedMethod] = key.split('\u0000');
      if ((model === undefined || model === recordedModel) && (method === undefined || method === recordedMethod)) total += count;
    }
    return total;
  }

  reset(): void {
    this.counts.clear();
  }
}
