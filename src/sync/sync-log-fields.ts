import type { EntityStats } from './sync-logs.service.js';

type Figures = Pick<EntityStats, 'fetched' | 'inserted' | 'updated' | 'deleted'>;

/** What a log line tells of each entity of a run: the records it read from Odoo, and those it inserted, updated and deleted. */
export function entityFigures(stats: Record<string, EntityStats>): Record<string, Figures> {
  return Object.fromEntries(
    Object.entries(stats).map(([entity, { fetched, inserted, updated, deleted }]) => [entity, { fetched, inserted, updated, deleted }]),
  );
}
