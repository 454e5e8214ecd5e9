/** A fixed set of choices with weights, prepared once for many draws. */
export class WeightedChoice<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    this.items = items;
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, index) => {
      total += weight;
      this.cumulative[index] = total;
    });
  }

  /** The item a uniform [0, 1) roll falls on. */
  at(roll: number): T {
    const target = roll * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] <= target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same sequence. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `weights[i]` is the relative chance of `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return new WeightedChoice(items, weights).at(this.next());
  }

  choose<T>(choice: WeightedChoice<T>): T {
    return choice.at(this.next());
  }

  /** Skewed towards small indexes: a few customers get many leads, as in a real pipeline. */
  skewedIndex(length: number, skew = 2): number {
    return Math.min(length - 1, Math.floor(this.next() ** skew * length));
  }

  /** Roughly log-normal amounts: many small deals, a few large ones. */
  logNormal(median: number, spread: number): number {
    const gaussian = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(spread * gaussian);
  }
}
