/** Samples the process's resident memory, keeping the peak. */
export class MemorySampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(everyMs = 25): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage().rss)), everyMs);
  }

  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage().rss);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
