import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isAdmin, type AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { SyncEvents } from '../../sync/sync-events.js';
import { LakeReader, type Filter } from '../../data-lake/lake-reader.service.js';
import { employeeTreeOf, teamUserIds, type EmployeeTree } from './employee-tree.js';

/** What a caller may see. */
export interface Scope {
  /** Admins: every record. */
  all: boolean;
  /** Otherwise, the Odoo users (res.users ids) whose records the caller sees; empty when not linked to Odoo. */
  odooUserIds: number[];
  /** Why everything is empty, for a caller not linked to Odoo. */
  hint?: string;
}

export const NOT_LINKED_HINT =
  'Your account is not linked to an Odoo user, so there is nothing to show yet. Link it with POST /api/auth/relink-odoo ' +
  '(it matches your email with an Odoo employee), or ask an admin to.';

/** Another instance's run or webhook changes employees without an event here: the cache is rebuilt after this anyway. */
const CACHE_MS = 5 * 60_000;

/**
 * The visibility scope (ARCHITECTURE.md): admins see everything; anyone else sees the records owned by their
 * own Odoo user and by the users of every employee below them in the hr.employee manager tree, transitively.
 * The tree comes from the synced `user` entities (archived employees included: a departed rep's deals still
 * belong to the team) and is cached until employees change.
 */
@Injectable()
export class VisibilityService implements OnModuleDestroy {
  private cache: { tree: Promise<EmployeeTree>; at: number } | null = null;
  private readonly stopListening: () => void;

  constructor(
    private readonly lake: LakeReader,
    syncEvents: SyncEvents,
  ) {
    this.stopListening = syncEvents.onRecordsChanged(({ entities }) => {
      if (entities.includes('user')) this.cache = null;
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  async scopeOf(user: AuthenticatedUser): Promise<Scope> {
    if (isAdmin(user)) return { all: true, odooUserIds: [] };
    if (user.odoo_user_id == null) return { all: false, odooUserIds: [], hint: NOT_LINKED_HINT };
    const tree = await this.employeeTree();
    return { all: false, odooUserIds: teamUserIds(tree, user.odoo_user_id, user.odoo_employee_id ?? null) };
  }

  /** Loaded once for concurrent callers; a failed load is not kept. */
  private employeeTree(): Promise<EmployeeTree> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.tree;
    const cache = {
      at: Date.now(),
      tree: this.loadTree().catch((error: unknown) => {
        if (this.cache === cache) this.cache = null;
        throw error;
      }),
    };
    this.cache = cache;
    return cache.tree;
  }

  private async loadTree(): Promise<EmployeeTree> {
    const employees = await this.lake.find('user', {}, { fields: ['serving_id', 'odoo_user_id', 'manager_employee_id'] });
    return employeeTreeOf(employees);
  }
}

/**
 * The owner condition of a scope: nothing for admins, the scope's users otherwise (an empty scope matches
 * nothing). With `owner`, that one owner if the scope holds it, else nothing.
 */
export function ownerFilter(scope: Scope, owner?: number): Filter {
  if (owner !== undefined) return { odoo_user_id: inScope(scope, owner) ? owner : { $in: [] } };
  return scope.all ? {} : { odoo_user_id: { $in: scope.odooUserIds } };
}

export function inScope(scope: Scope, odooUserId: number | null | undefined): boolean {
  return scope.all || (odooUserId != null && scope.odooUserIds.includes(odooUserId));
}

/** The `hint` field of a list answer, for a caller not linked to Odoo. */
export function hintOf(scope: Scope): { hint?: string } {
  return scope.hint ? { hint: scope.hint } : {};
}
