import { Injectable } from '@nestjs/common';
import type { OdooClient } from '../odoo/odoo.client.js';
import { OdooMissingModelError } from '../odoo/odoo.errors.js';
import type { SyncLookups } from './entities/entity-definition.js';
import { EMPLOYEE_USER_FIELDS, userIdentity } from '../odoo/odoo-employees.js';
import { CRM_STAGE, RES_USERS } from '../odoo/odoo-models.js';

const FRESH_FOR_MS = 5 * 60_000;

/** Small reference data normalization needs: which stages are won, each Odoo user's login and team. */
@Injectable()
export class SyncLookupsService {
  private cached: { lookups: SyncLookups; at: number } | null = null;

  /** Read afresh, for a sync run. */
  async load(client: OdooClient): Promise<SyncLookups> {
    const wonStageIds = new Set(await client.search(CRM_STAGE, [['is_won', '=', true]]).catch(ifModelMissing<number[]>([])));
    const userLogins: SyncLookups['userLogins'] = new Map();
    const users = client.pages(RES_USERS, { fields: EMPLOYEE_USER_FIELDS, pageSize: 1000, context: { active_test: false } });
    for await (const page of users) {
      for (const user of page.records) {
        userLogins.set(user.id, userIdentity(user));
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
