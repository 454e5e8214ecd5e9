import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { APPROVAL_STATUSES, AUTH_PROVIDERS, type ApprovalStatus, type AuthProvider, type UserRecord } from '../user-record.js';

/** A local account, enriched with its Odoo identity; the `users` collection of the seed. */
@Schema({
  collection: 'users',
  versionKey: false,
  id: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  // UsersService builds the indexes once it has migrated older Microsoft identity fields (see there).
  autoIndex: false,
})
export class User implements UserRecord {
  @Prop({ type: String, required: true, default: () => randomUUID() })
  id!: string;

  /** Stored lower-cased so that the unique index compares emails case-insensitively. */
  @Prop({ type: String, required: true, lowercase: true, trim: true })
  email!: string;

  /** Empty for accounts that only sign in through Microsoft. */
  @Prop({ type: String, default: '' })
  password_hash!: string;

  @Prop({ type: String, default: '' })
  name!: string;

  @Prop({ type: String, required: true, default: 'user' })
  role!: string;

  @Prop({ type: String, default: null })
  role_id!: string | null;

  @Prop({ type: Number, default: null })
  odoo_user_id!: number | null;

  @Prop({ type: Number, default: null })
  odoo_employee_id!: number | null;

  @Prop({ type: String, default: null })
  odoo_salesperson_name!: string | null;

  @Prop({ type: Number, default: null })
  odoo_department_id!: number | null;

  @Prop({ type: Number, default: null })
  odoo_team_id!: number | null;

  /** Employee id of this user's manager in Odoo (`hr.employee.parent_id`). */
  @Prop({ type: Number, default: null })
  manager_odoo_id!: number | null;

  @Prop({ type: Boolean, default: false })
  odoo_matched!: boolean;

  /**
   * Microsoft identity: the Entra ID object id (`oid`), meaningful only with `ms_tenant_id`. Both are absent
   * (never null) on a user not linked to Microsoft, so that the unique sparse index below ignores them.
   */
  @Prop({ type: String })
  ms_id?: string;

  /** Entra ID tenant (`tid`) of `ms_id`. */
  @Prop({ type: String })
  ms_tenant_id?: string;

  /** Kept for data migrated from the previous backend; this service never stores raw Microsoft tokens. */
  @Prop({ type: String, default: null })
  ms_access_token!: string | null;

  @Prop({ type: String, enum: AUTH_PROVIDERS, default: 'local' })
  auth_provider!: AuthProvider;

  @Prop({ type: Boolean, default: false })
  is_super_admin!: boolean;

  @Prop({ type: Boolean, default: true })
  is_active!: boolean;

  @Prop({ type: String, enum: APPROVAL_STATUSES, default: 'approved' })
  approval_status!: ApprovalStatus;

  created_at!: Date;
  updated_at!: Date;

  @Prop({ type: Date, default: null })
  last_login!: Date | null;

  /**
   * Copied into every token; a token with another value is refused. Bumped to end all of the user's sessions: on a
   * password change or reset, deactivation, a change of role or approval, and logout. Absent on older records: 0.
   */
  @Prop({ type: Number, default: 0 })
  token_version!: number;
}

export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.index({ id: 1 }, { unique: true });
UserSchema.index({ email: 1 }, { unique: true });
UserSchema.index({ odoo_employee_id: 1 });
UserSchema.index({ manager_odoo_id: 1 });
UserSchema.index({ odoo_user_id: 1 });
UserSchema.index({ ms_tenant_id: 1, ms_id: 1 }, { unique: true, sparse: true });
