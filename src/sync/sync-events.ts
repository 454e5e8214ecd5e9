import { Injectable, Logger } from '@nestjs/common';
import type { EntityType } from '../data-lake/lake-record.js';

/** Records of these entities were stored or deleted: by a sync run, a webhook batch or a new opportunity's read-back. */
export interface RecordsChanged {
  entities: EntityType[];
}

type Listener = (change: RecordsChanged) => Promise<void> | void;

/**
 * The sync's one event, for what follows the data (the dashboard's sums, the visibility tree). A sync run waits
 * for its listeners before it is reported over; a webhook batch or a read-back does not.
 */
@Injectable()
export class SyncEvents {
  private readonly logger = new Logger('Sync');
  private readonly listeners = new Set<Listener>();

  /** Answers the function that stops listening. */
  onRecordsChanged(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls every listener and waits for them; answers what failed, each failure also logged. */
  async recordsChanged(change: RecordsChanged): Promise<string[]> {
    const results = await Promise.allSettled([...this.listeners].map(async (listener) => listener(change)));
    const failures = results.filter((result) => result.status === 'rejected').map((result) => messageOf(result.reason));
    for (const failure of failures) this.logger.warn(`A step after records changed (${change.entities.join(', ')}) failed: ${failure}`);
    return failures;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
