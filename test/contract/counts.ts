import type { Operation } from './openapi-document.js';

/** Requests sent, per status and per operation. */
export class Counts {
  readonly operations = new Set<string>();
  private total = 0;
  private readonly byStatus = new Map<number, number>();
  private readonly successes = new Set<string>();
  /** Error statuses an operation answered that its documentation does not list (reported, not failed). */
  private readonly undocumented = new Set<string>();

  add(operation: Operation, status: number): void {
    this.total++;
    this.operations.add(operation.key);
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status < 300) this.successes.add(operation.key);
    else if (!operation.responses[String(status)]) this.undocumented.add(`${operation.key} ${status}`);
  }

  summary(operations: Operation[]): string {
    const statuses = [...this.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    const neverSucceeded = operations.map((operation) => operation.key).filter((key) => !this.successes.has(key));
    return [
      `Contract fuzzing sent ${this.total} requests to ${this.operations.size} operations`,
      `by status: ${statuses.join(', ')}`,
      `operations without a success: ${neverSucceeded.join(', ') || 'none'}`,
      `undocumented error statuses: ${[...this.undocumented].sort().join(', ') || 'none'}`,
    ].join('\n');
  }
}
