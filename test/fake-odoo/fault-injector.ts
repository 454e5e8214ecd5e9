import { SeededRandom } from './seeded-random.js';

/**
 * - error: Odoo's answer to a dropped PostgreSQL connection (JSON-RPC: an error envelope, JSON-2: a 500)
 * - html: a reverse proxy's 502 text/html page
 * - hang: the request is never answered
 * - truncate: the JSON body stops half way and the connection closes
 * - reset: the connection closes without an answer
 * - auth: the credentials are refused for this one call
 * - slow: the call is carried out (a write is committed) but answered only after a delay, like a busy Odoo
 */
export type FaultKind = 'error' | 'html' | 'hang' | 'truncate' | 'reset' | 'auth' | 'slow';

/** Which calls queued faults wait for, and how slow a 'slow' one is. */
export interface QueuedFaultOptions {
  /** Only calls of this model ("common" for the common service) count and fail. */
  readonly model?: string;
  readonly method?: string;
  /** Matching calls answered normally first: the fault lands mid-run, after a few pages. */
  readonly after?: number;
  /** For 'slow': how long the answer is held back. */
  readonly delayMs?: number;
}

/** A fault to serve on one call; `delayMs` for 'slow'. */
export interface Fault {
  readonly kind: FaultKind;
  readonly delayMs?: number;
}

/** The call being answered, when the request named one. */
export interface CallTarget {
  readonly model: string;
  readonly method: string;
}

interface QueuedFaults extends Omit<QueuedFaultOptions, 'after'> {
  readonly kind: FaultKind;
  skip: number;
  left: number;
}

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
  private readonly queue: QueuedFaults[] = [];
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

  failNext(count: number, kind: FaultKind, options: QueuedFaultOptions = {}): void {
    if (kind === 'slow' && !options.delayMs) throw new Error("a 'slow' fault needs delayMs");
    const { after = 0, ...rest } = options;
    if (count > 0) this.queue.push({ ...rest, kind, skip: after, left: count });
  }

  latency(): number {
    const latency = this.settings.latencyMs;
    return typeof latency === 'number' ? latency : this.random.int(latency[0], latency[1]);
  }

  /** Queued faults go in order: the first one the call matches serves it, or lets it through while it waits. */
  draw(call?: CallTarget): Fault | undefined {
    const queued = this.queue.find((fault) => matches(fault, call));
    if (queued && queued.skip > 0) {
      queued.skip--;
    } else if (queued) {
      if (--queued.left === 0) this.queue.splice(this.queue.indexOf(queued), 1);
      return { kind: queued.kind, delayMs: queued.delayMs };
    }
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
      if (roll < floor) return { kind };
    }
    return undefined;
  }
}

function matches(fault: QueuedFaults, call: CallTarget | undefined): boolean {
  if (fault.model === undefined && fault.method === undefined) return true;
  return call !== undefined && (fault.model ?? call.model) === call.model && (fault.method ?? call.method) === call.method;
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
