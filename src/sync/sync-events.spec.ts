import { SyncEvents } from './sync-events.js';

describe('SyncEvents: the one "records changed" event', () => {
  it('waits for every listener, and answers the failures without stopping the others', async () => {
    const events = new SyncEvents();
    const heard: string[] = [];
    events.onRecordsChanged(async ({ entities }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      heard.push(`slow:${entities.join(',')}`);
    });
    events.onRecordsChanged(() => {
      throw new Error('sums not rebuilt');
    });
    events.onRecordsChanged(({ entities }) => void heard.push(`quick:${entities.join(',')}`));

    const failures = await events.recordsChanged({ entities: ['opportunity', 'user'] });

    expect(heard.sort()).toEqual(['quick:opportunity,user', 'slow:opportunity,user']);
    expect(failures).toEqual(['sums not rebuilt']);
  });

  it('stops calling a listener that stopped listening', async () => {
    const events = new SyncEvents();
    let calls = 0;
    const stop = events.onRecordsChanged(() => void calls++);
    await events.recordsChanged({ entities: ['user'] });
    stop();
    await events.recordsChanged({ entities: ['user'] });
    expect(calls).toBe(1);
  });
});
