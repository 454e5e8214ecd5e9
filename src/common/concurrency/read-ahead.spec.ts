import { readAhead } from './read-ahead.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Pages 1..count, each fetched after a tick, logging when a fetch starts; `failAt` throws instead. */
async function* pages(log: string[], count: number, failAt?: number) {
  for (let page = 1; page <= count; page++) {
    log.push(`fetch ${page}`);
    await tick();
    if (page === failAt) throw new Error(`page ${page} failed`);
    yield page;
  }
}

describe('readAhead', () => {
  it('fetches the next item while the caller works on the current one, in order', async () => {
    const log: string[] = [];
    for await (const page of readAhead(pages(log, 3))) {
      log.push(`store ${page} begins`);
      await tick();
      log.push(`store ${page} ends`);
    }
    expect(log).toEqual(['fetch 1', 'fetch 2', 'store 1 begins', 'store 1 ends', 'fetch 3', 'store 2 begins', 'store 2 ends', 'store 3 begins', 'store 3 ends']);
  });

  it('surfaces a failed fetch when its item is reached, after the items before it', async () => {
    const stored: number[] = [];
    const run = async () => {
      for await (const page of readAhead(pages([], 5, 3))) stored.push(page);
    };
    await expect(run()).rejects.toThrow('page 3 failed');
    expect(stored).toEqual([1, 2]);
  });

  it('closes the source when the caller stops early, without an unhandled failure', async () => {
    let closed = false;
    async function* source() {
      try {
        yield* pages([], 5, 2);
      } finally {
        closed = true;
      }
    }
    for await (const page of readAhead(source())) {
      if (page === 1) break;
    }
    expect(closed).toBe(true);
  });
});
