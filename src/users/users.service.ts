import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { skipOf, type PageQueryDto } from '../common/pagination/page-query.dto.js';
import { User, type ApprovalStatus } from './schemas/user.schema.js';

const SECRETS = { password_hash: 0, ms_access_token: 0, _id: 0 } as const;

export type NewUser = Partial<Omit<User, 'id' | 'created_at' | 'updated_at'>> & Pick<User, 'email'>;
export type UserPatch = Partial<Omit<User, 'id' | 'email' | 'created_at' | 'updated_at'>>;

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

/** The `users` collection. Everything it returns is a plain object; only `findCredentials` includes secrets. */
@Injectable()
export class UsersService implements OnModuleInit {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Unique indexes exist before the first write: two instances starting on a fresh database must not both insert. */
  async onModuleInit(): Promise<void> {
    await this.users.init();
  }

  findById(id: string): Promise<AuthenticatedUser | null> {
    return this.users.findOne({ id }, SECRETS).lean<AuthenticatedUser>().exec();
  }

  findByEmail(email: string): Promise<AuthenticatedUser | null> {
    return this.users.findOne({ email: normalizeEmail(email) }, SECRETS).lean<AuthenticatedUser>().exec();
  }

  findByMsId(msId: string): Promise<AuthenticatedUser | null> {
    return this.users.findOne({ ms_id: msId }, SECRETS).lean<AuthenticatedUser>().exec();
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

  async update(id: string, patch: UserPatch): Promise<AuthenticatedUser | null> {
    // updateOne then a read: FerretDB has no projection on findOneAndUpdate, and secrets must stay out.
    await this.users.updateOne({ id }, { $set: patch }).exec();
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
    const pattern = new RegExp(escapeRegExp(filter.q), 'i');
    query.$or = [{ email: pattern }, { name: pattern }];
  }
  return query;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
