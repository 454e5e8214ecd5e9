/**
 * Iterates `source` one item ahead: the next item is being fetched while the caller works on this one (a sync
 * stores a page while Odoo reads the next). A failure to fetch surfaces when that item is reached.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Seen when reached; if the caller stops first, nobody awaits it.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
