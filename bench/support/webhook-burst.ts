// A worker thread that posts signed webhooks as Odoo's workers do: each sender posts one request, waits for its
// answer, then posts the next. Runs beside the app (see webhooks.bench.ts) so it does not share its event loop.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { webhookSignature } from '../../test/fake-odoo/webhook-sender.js';

export interface BurstOptions {
  url: string;
  secret: string;
  /** The exact bodies to post, one request each. */
  bodies: string[];
  /** Senders posting at once. */
  connections: number;
}

export interface BurstResult {
  /** Each request's answer time in ms, in the order they were sent. */
  latencies: number[];
  /** Answers by HTTP status ("error" for a request that got none). */
  statuses: Record<string, number>;
  seconds: number;
}

/** Posts every body from a worker thread; resolves with the answer times once all are answered. */
export function burst(options: BurstOptions): Promise<BurstResult> {
  const worker = new Worker(import.meta.filename, { workerData: options });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: BurstResult) => resolve(result));
    worker.once('error', reject);
  });
}

async function send({ url, secret, bodies, connections }: BurstOptions): Promise<BurstResult> {
  const latencies: number[] = new Array<number>(bodies.length);
  const statuses: Record<string, number> = {};
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const index = next++;
      const body = bodies[index];
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = { 'Content-Type': 'application/json', 'X-Odoo-Timestamp': String(timestamp), 'X-Odoo-Signature': webhookSignature(secret, timestamp, body) };
      const started = performance.now();
      let status = 'error';
      try {
        const response = await fetch(url, { method: 'POST', headers, body });
        await response.arrayBuffer();
        status = String(response.status);
      } catch {
        // Counted below as "error": the request got no answer.
      }
      latencies[index] = performance.now() - started;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, sender));
  return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}

if (parentPort && (workerData as BurstOptions | undefined)?.bodies) {
  parentPort.postMessage(await send(workerData as BurstOptions));
}
