import type { Clock } from './fake-database.js';

/**
 * The fake server's time: it runs in real time from a start moment (never before the dataset's `now`, so
 * a write after start-up always sorts after the generated data), and tests can move or freeze it.
 */
export class ServerClock implements Clock {
  private base: number;
  private startedAt = performance.now();
  private frozen = false;

  constructor(start: Date) {
    this.base = start.getTime();
  }

  now(): Date {
    return new Date(this.frozen ? this.base : this.base + (performance.now() - this.startedAt));
  }

  /** Jumps to `moment`; with `frozen`, time then stands still until the next call. */
  set(moment: Date, frozen = false): void {
    this.base = moment.getTime();
    this.startedAt = performance.now();
    this.frozen = frozen;
  }

  advance(milliseconds: number): void {
    this.set(new Date(this.now().getTime() + milliseconds), this.frozen);
  }
}
