/**
 * Runs tasks with the same key one after another (tasks with different keys run freely). Counter updates go
 * through it: MongoDB applies `$inc` atomically, but FerretDB 1.24 (tests and development) loses increments
 * sent concurrently to the same document.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
