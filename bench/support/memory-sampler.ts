/** Samples the process's resident memory and its JavaScript heap in use, keeping the peaks. */
export class MemorySampler {
  private peakRss = 0;
  private peakHeap = 0;
  private timer: NodeJS.Timeout | undefined;

  start(everyMs = 25): void {
    this.peakRss = 0;
    this.peakHeap = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): { rss: number; heapUsed: number } {
    clearInterval(this.timer);
    this.sample();
    return { rss: this.peakRss, heapUsed: this.peakHeap };
  }

  private sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
