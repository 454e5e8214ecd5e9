import { Injectable } from '@nestjs/common';
import type { OdooClient } from '../odoo/odoo.client.js';
import { OdooMissingModelError } from '../odoo/odoo.errors.js';
import type { SyncLookups } from './entities/entity-definition.js';
import { many2oneId } from '../odoo/odoo-values.js';

const FRESH_FOR_MS = 5 * 60_000;

/** Small reference data normalization needs: which stages are won, each Odoo user's login and team. */
@Injectable()
export class SyncLookupsService {
  private cached: { lookups: SyncLookups; at: number } | null = null;

  /** Read afresh, for a sync run. */
  async load(client: OdooClient): Promise<SyncLookups> {
    const wonStageIds = new Set(await client.search('crm.stage', [['is_won', '=', true]]).catch(ifModelMissing<number[]>([])));
    const userLogins: SyncLookups['userLogins'] = new Map();
    const users = client.pages('res.users', { fields: ['login', 'email', 'sale_team_id'], pageSize: 1000, context: { active_test: false } });
    for await (const page of users) {
      for (const user of page.records) {
        userLogins.set(user.id, {
          login: typeof user.login === 'string' ? user.login : null,
          email: typeof user.email === 'string' ? user.email : null,
          teamId: many2oneId(user.sale_team_id),
        });
      }
    }
    this.cached = { lookups: { wonStageIds, userLogins }, at: Date.now() };
    return this.cached.lookups;
  }

  /** Reused for a few minutes, for webhook batches that arrive many times a minute. */
  async recent(client: OdooClient): Promise<SyncLookups> {
    if (this.cached && Date.now() - this.cached.at < FRESH_FOR_MS) return this.cached.lookups;
    return this.load(client);
  }
}

function ifModelMissing<T>(fallback: T) {
  return (error: unknown): T => {
    if (error instanceof OdooMissingModelError) return fallback;
    throw error;
  };
}
