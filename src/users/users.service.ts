import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { skipOf, type PageQueryDto } from '../common/pagination/page-query.dto.js';
import { escapeRegex } from '../common/text/escape-regex.js';
import { User } from './schemas/user.schema.js';
import type { ApprovalStatus } from './user-record.js';

const SECRETS = { password_hash: 0, ms_access_token: 0, _id: 0 } as const;

export type NewUser = Partial<Omit<User, 'id' | 'created_at' | 'updated_at'>> & Pick<User, 'email'>;
export type UserPatch = Partial<Omit<User, 'id' | 'email' | 'created_at' | 'updated_at' | 'token_version'>>;

export interface UserFilter {
  role?: string;
  is_active?: boolean;
  approval_status?: ApprovalStatus;
  odoo_matched?: boolean;
  /** Case-insensitive text in email or name. */
  q?: string;
}

export class DuplicateEmailError extends Error {
  constructor() {
    super('A user with this email already exists');
  }
}

/** A Microsoft (Entra ID) identity: tenant id and object id, lower-case GUIDs; never an email. */
export interface MicrosoftIdentityKey {
  tenantId: string;
  objectId: string;
}

/** Another user is already linked to this Microsoft identity. */
export class MicrosoftIdentityTakenError extends Error {
  constructor() {
    super('Another user is linked to this Microsoft identity');
  }
}

/** How this service stored a Microsoft identity before the tenant got a field of its own. */
const COMBINED_MS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `users` collection. Everything it returns is a plain object; only `findCredentials` includes secrets. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Unique indexes exist before the first write: two instances starting on a fresh database must not both insert. */
  async onModuleInit(): Promise<void> {
    await this.users.init();
    await this.migrateMicrosoftIdentities();
    await this.users.createIndexes();
  }

  /**
   * Earlier versions stored `ms_id: null` on every user and `"<tid>:<oid>"` on linked ones; the unique sparse index
   * on (ms_tenant_id, ms_id) needs the fields absent on unlinked users (MongoDB indexes a null) and split on linked ones.
   */
  private async migrateMicrosoftIdentities(): Promise<void> {
    await this.users.updateMany({ ms_id: { $type: 'null' } }, { $unset: { ms_id: '' } }).exec();
    const combined = await this.users
      .find({ ms_tenant_id: { $exists: false }, ms_id: COMBINED_MS_ID }, { id: 1, ms_id: 1, _id: 0 })
      .lean<Pick<User, 'id' | 'ms_id'>[]>()
      .exec();
    for (const { id, ms_id } of combined) {
      const [tenantId, objectId] = ms_id!.split(':');
      await this.users.updateOne({ id, ms_id }, { $set: { ms_tenant_id: tenantId, ms_id: objectId } }).exec();
    }
  }

  findById(id: string): Promise<AuthenticatedUser | null> {
    return this.users.findOne({ id }, SECRETS).lean<AuthenticatedUser>().exec();
  }

  findByEmail(email: string): Promise<AuthenticatedUser | null> {
    return this.users.findOne({ email: normalizeEmail(email) }, SECRETS).lean<AuthenticatedUser>().exec();
  }

  findByMicrosoftIdentity(identity: MicrosoftIdentityKey): Promise<AuthenticatedUser | null> {
    return this.users
      .findOne({ ms_tenant_id: identity.tenantId, ms_id: identity.objectId }, SECRETS)
      .lean<AuthenticatedUser>()
      .exec();
  }

  /**
   * Links a Microsoft identity to a user who has none: the user, or null when they are linked already (to this
   * identity or another). Throws MicrosoftIdentityTakenError when another user has it (the unique index decides).
   */
  async linkMicrosoft(id: string, identity: MicrosoftIdentityKey): Promise<AuthenticatedUser | null> {
    try {
      const { matchedCount } = await this.users
        .updateOne({ id, ms_tenant_id: { $exists: false } }, { $set: { ms_tenant_id: identity.tenantId, ms_id: identity.objectId } })
        .exec();
      return matchedCount === 1 ? this.findById(id) : null;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new MicrosoftIdentityTakenError();
      throw error;
    }
  }

  /** Removes the user's Microsoft identity, unless the account has no password (it could no longer sign in): false then. */
  async unlinkMicrosoft(id: string): Promise<boolean> {
    const { matchedCount } = await this.users
      .updateOne({ id, password_hash: { $nin: ['', null] } }, { $unset: { ms_id: '', ms_tenant_id: '' } })
      .exec();
    return matchedCount === 1;
  }

  /**
   * Deletes the account a first Microsoft sign-in created for this identity while it is still untouched: pending,
   * never signed in, no password. True when it was deleted.
   */
  async deletePendingMicrosoftAccount(identity: MicrosoftIdentityKey): Promise<boolean> {
    const { deletedCount } = await this.users
      .deleteOne({
        ms_tenant_id: identity.tenantId,
        ms_id: identity.objectId,
        auth_provider: 'microsoft',
        approval_status: 'pending',
        last_login: null,
        password_hash: '',
      })
      .exec();
    return deletedCount === 1;
  }

  /** The one read that includes the password hash, for checking a login. */
  findCredentials(email: string): Promise<(AuthenticatedUser & Pick<User, 'password_hash'>) | null> {
    return this.users
      .findOne({ email: normalizeEmail(email) }, { ms_access_token: 0, _id: 0 })
      .lean<AuthenticatedUser & Pick<User, 'password_hash'>>()
      .exec();
  }

  /** Users already linked to this Odoo employee or Odoo user. */
  findLinkedToOdoo(odoo: { employeeId: number; userId: number | null }): Promise<AuthenticatedUser[]> {
    const clauses: Record<string, number>[] = [{ odoo_employee_id: odoo.employeeId }];
    if (odoo.userId !== null) clauses.push({ odoo_user_id: odoo.userId });
    return this.users.find({ $or: clauses }, SECRETS).lean<AuthenticatedUser[]>().exec();
  }

  async create(user: NewUser): Promise<AuthenticatedUser> {
    try {
      const created = await this.users.create({ ...user, email: normalizeEmail(user.email) });
      return (await this.findById(created.id))!;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new DuplicateEmailError();
      throw error;
    }
  }

  /** With `endSessions`, also bumps token_version in the same write, so every token issued so far stops working. */
  async update(id: string, patch: UserPatch, { endSessions = false } = {}): Promise<AuthenticatedUser | null> {
    // updateOne then a read: FerretDB has no projection on findOneAndUpdate, and secrets must stay out.
    await this.users.updateOne({ id }, { $set: patch, ...(endSessions ? { $inc: { token_version: 1 } } : {}) }).exec();
    return this.findById(id);
  }

  async list(filter: UserFilter, page: PageQueryDto): Promise<{ items: AuthenticatedUser[]; total: number }> {
    const query = toQuery(filter);
    const [items, total] = await Promise.all([
      this.users.find(query, SECRETS).sort({ email: 1 }).skip(skipOf(page)).limit(page.page_size).lean<AuthenticatedUser[]>().exec(),
      this.users.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** Every user, for matching against Odoo (a sales org has hundreds, not millions). */
  all(): Promise<AuthenticatedUser[]> {
    return this.users.find({}, SECRETS).sort({ email: 1 }).lean<AuthenticatedUser[]>().exec();
  }

  count(): Promise<number> {
    return this.users.estimatedDocumentCount().exec();
  }

  countActiveSuperAdmins(): Promise<number> {
    return this.users.countDocuments({ is_super_admin: true, is_active: true, approval_status: 'approved' }).exec();
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toQuery(filter: UserFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.role !== undefined) query.role = filter.role;
  if (filter.is_active !== undefined) query.is_active = filter.is_active;
  if (filter.approval_status !== undefined) query.approval_status = filter.approval_status;
  if (filter.odoo_matched !== undefined) query.odoo_matched = filter.odoo_matched;
  if (filter.q) {
    const pattern = new RegExp(escapeRegex(filter.q), 'i');
    query.$or = [{ email: pattern }, { name: pattern }];
  }
  return query;
}

