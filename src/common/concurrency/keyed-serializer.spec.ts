import { KeyedSerializer } from './keyed-serializer.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedSerializer', () => {
  it('runs tasks of one key one at a time, in order, and others alongside', async () => {
    const serializer = new KeyedSerializer();
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      most = Math.max(most, ++running);
      await tick();
      order.push(n);
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4].map((n) => serializer.run('counter', task(n))));
    expect(results).toEqual([1, 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(most).toBe(1);
  });

  it('goes on after a failed task', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('k', () => Promise.reject(new Error('boom')));
    const next = serializer.run('k', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
