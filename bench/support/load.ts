import autocannon from 'autocannon';

/** Throughput and latency of one measurement at fixed concurrency. */
export interface Load {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Measured as a fixed number of requests per connection instead of for the given time (see FEWEST_PER_CONNECTION). */
  fixedCount: boolean;
  /** Non-2xx answers, connection errors and timeouts, described; empty when every request succeeded. */
  failures: string[];
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

/**
 * A measurement for a time drops what is still in flight at its end. When requests take about as long as the
 * measurement (FerretDB at larger scales), fewer than this many would end per connection: such a route is
 * measured as this many requests per connection instead, each awaited, over however long they take.
 */
const FEWEST_PER_CONNECTION = 3;

/** Whether a request taking `ms` on its own is already too slow for a timed measurement. */
export function tooSlowForTime(ms: number, { seconds }: LoadOptions): boolean {
  return ms * FEWEST_PER_CONNECTION > seconds * 1000;
}

/**
 * autocannon against a route, in a worker thread of its own so that it does not share the server's event loop;
 * `settled` waits for the server to finish what autocannon dropped. autocannon keeps latencies in whole ms.
 */
export async function httpLoad(url: string, authorization: string, options: LoadOptions, slow: boolean, settled: () => Promise<void>): Promise<Load> {
  const { connections, seconds } = options;
  const common = { url, connections, headers: { authorization }, workers: 1, timeout: 600 };
  if (!slow) {
    const result = await autocannon({ ...common, duration: seconds });
    await settled();
    if (result.requests.total >= connections * FEWEST_PER_CONNECTION) return loadOf(result, false);
  }
  return loadOf(await autocannon({ ...common, amount: connections * FEWEST_PER_CONNECTION }), true);
}

function loadOf(result: autocannon.Result, fixedCount: boolean): Load {
  const failures = [];
  if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx answers ${JSON.stringify(result.statusCodeStats)}`);
  if (result.errors > 0) failures.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    fixedCount,
    failures,
  };
}

/** `connections` concurrent loops running `operation`, measured as httpLoad measures a route. */
export async function rawLoad(operation: () => Promise<unknown>, options: LoadOptions, slow: boolean): Promise<Load> {
  const { connections, seconds } = options;
  const timed = slow ? null : await loops(operation, connections, { seconds });
  const fixedCount = !timed || timed.latencies.length < connections * FEWEST_PER_CONNECTION;
  const { latencies, errors, seconds: elapsed } = fixedCount ? await loops(operation, connections, { each: FEWEST_PER_CONNECTION }) : timed;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    fixedCount,
    failures: errors.length > 0 ? [`${errors.length} errors, first: ${errors[0]}`] : [],
  };
}

/** For `seconds`, counting what ends by then (as autocannon does), or `each` operations per loop, all counted. */
async function loops(operation: () => Promise<unknown>, connections: number, until: { seconds: number } | { each: number }) {
  const latencies: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = 'seconds' in until ? started + until.seconds * 1000 : Infinity;
  const loop = async () => {
    for (let done = 0; 'each' in until ? done < until.each : performance.now() < deadline; done++) {
      const begun = performance.now();
      try {
        await operation();
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        continue;
      }
      const ended = performance.now();
      if (ended <= deadline) latencies.push(ended - begun);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = 'seconds' in until ? until.seconds : (performance.now() - started) / 1000;
  return { latencies, errors, seconds };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
