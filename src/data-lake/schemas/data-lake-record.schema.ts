import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export const ENTITY_TYPES = ['opportunity', 'account', 'contact', 'user', 'activity', 'invoice'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/**
 * What the sync derives from an Odoo record so that reads filter, scope and sum on plain indexed fields and
 * never decode Odoo's arrays (ARCHITECTURE.md). Amounts are integer cents, so sums are exact.
 */
export interface NormalizedFields {
  /** Odoo's `write_date` as Odoo writes it (`YYYY-MM-DD HH:MM:SS`, UTC): orders versions of a record. */
  odoo_write_date?: string;
  /** `active` in Odoo (archived is not deleted: a lost deal is archived). */
  odoo_active?: boolean;
  /** Display name, and its lower-case form with the customer's name for text search. */
  name?: string;
  search_text?: string;
  /** res.users id of the owner (salesperson); for `user` (hr.employee), the employee's own user. */
  odoo_user_id?: number | null;
  /** res.partner id of the customer; for `contact`, its company. */
  partner_id?: number | null;
  team_id?: number | null;
  stage_id?: number | null;
  /** `opportunity`: `lead` or `opportunity`; `invoice`: the move type. */
  kind?: string | null;
  status?: string | null;
  probability?: number | null;
  expected_revenue_cents?: number | null;
  weighted_revenue_cents?: number | null;
  amount_total_cents?: number | null;
  /** `invoice`: what the customer still owes, negative for credit notes. */
  amount_residual_cents?: number | null;
  currency?: string | null;
  /** `invoice`: the partner's commercial entity (the company of a contact), which Odoo's aged receivable groups by. */
  commercial_partner_id?: number | null;
  commercial_partner_name?: string | null;
  /** `invoice`: total and amount due in the company's currency, Odoo's signed amounts (negative for credit notes). */
  amount_total_company_cents?: number | null;
  amount_residual_company_cents?: number | null;
  company_currency?: string | null;
  /** Dates as `YYYY-MM-DD`: expected close, invoice date, activity deadline. */
  date?: string | null;
  due_date?: string | null;
  closed_at?: Date | null;
  odoo_created_at?: Date | null;
  /** `invoice`: Odoo's state and payment_state. */
  state?: string | null;
  payment_state?: string | null;
  /** `activity`: the record it is attached to. */
  res_model?: string | null;
  res_id?: number | null;
  activity_type_id?: number | null;
  /** `user` (hr.employee): work email and its user's login, lower-cased, for matching our users. */
  emails?: string[];
  manager_employee_id?: number | null;
  department_id?: number | null;
}

/** One Odoo record as served to the API; the `data_lake_serving` collection of the seed. */
@Schema({
  collection: 'data_lake_serving',
  versionKey: false,
  id: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class DataLakeRecord implements NormalizedFields {
  @Prop({ type: String, required: true, enum: ENTITY_TYPES })
  entity_type!: EntityType;

  /** The Odoo id as a string. */
  @Prop({ type: String, required: true })
  serving_id!: string;

  /** The Odoo record as read (many2one as `[id, "name"]`, `false` for empty). */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  data!: Record<string, unknown>;

  /** False once the record no longer exists in Odoo (soft delete). */
  @Prop({ type: Boolean, default: true })
  is_active!: boolean;

  @Prop({ type: Date, default: null })
  deleted_at!: Date | null;

  @Prop({ type: String, default: null })
  delete_reason!: string | null;

  @Prop({ type: String, default: 'odoo' })
  source!: string;

  @Prop({ type: Date, default: null })
  last_aggregated!: Date | null;

  /** Hash of `data` and the normalized fields: an unchanged record is not rewritten. */
  @Prop({ type: String })
  data_hash?: string;

  @Prop({ type: String }) odoo_write_date?: string;
  @Prop({ type: Boolean }) odoo_active?: boolean;
  @Prop({ type: String }) name?: string;
  @Prop({ type: String }) search_text?: string;
  @Prop({ type: Number }) odoo_user_id?: number | null;
  @Prop({ type: Number }) partner_id?: number | null;
  @Prop({ type: Number }) team_id?: number | null;
  @Prop({ type: Number }) stage_id?: number | null;
  @Prop({ type: String }) kind?: string | null;
  @Prop({ type: String }) status?: string | null;
  @Prop({ type: Number }) probability?: number | null;
  @Prop({ type: Number }) expected_revenue_cents?: number | null;
  @Prop({ type: Number }) weighted_revenue_cents?: number | null;
  @Prop({ type: Number }) amount_total_cents?: number | null;
  @Prop({ type: Number }) amount_residual_cents?: number | null;
  @Prop({ type: String }) currency?: string | null;
  @Prop({ type: Number }) commercial_partner_id?: number | null;
  @Prop({ type: String }) commercial_partner_name?: string | null;
  @Prop({ type: Number }) amount_total_company_cents?: number | null;
  @Prop({ type: Number }) amount_residual_company_cents?: number | null;
  @Prop({ type: String }) company_currency?: string | null;
  @Prop({ type: String }) date?: string | null;
  @Prop({ type: String }) due_date?: string | null;
  @Prop({ type: Date }) closed_at?: Date | null;
  @Prop({ type: Date }) odoo_created_at?: Date | null;
  @Prop({ type: String }) state?: string | null;
  @Prop({ type: String }) payment_state?: string | null;
  @Prop({ type: String }) res_model?: string | null;
  @Prop({ type: Number }) res_id?: number | null;
  @Prop({ type: Number }) activity_type_id?: number | null;
  @Prop({ type: [String], default: undefined }) emails?: string[];
  @Prop({ type: Number }) manager_employee_id?: number | null;
  @Prop({ type: Number }) department_id?: number | null;

  created_at!: Date;
  updated_at!: Date;
}

export const DataLakeRecordSchema = SchemaFactory.createForClass(DataLakeRecord);
DataLakeRecordSchema.index({ entity_type: 1, serving_id: 1 }, { unique: true });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1 });
DataLakeRecordSchema.index({ entity_type: 1, 'data.id': 1 });
DataLakeRecordSchema.index({ entity_type: 1, emails: 1 });
// Sales routes (src/sales): scope by owner, default list order, closed and expected-close periods, customers,
// an opportunity's activities, open invoices by due date, invoices by commercial partner.
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, odoo_user_id: 1, odoo_created_at: -1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, odoo_created_at: -1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, status: 1, closed_at: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, status: 1, date: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, partner_id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, res_model: 1, res_id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, state: 1, due_date: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, commercial_partner_id: 1 });
