import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { ENTITY_TYPES, type EntityType, type LakeRecord } from '../lake-record.js';

/** One Odoo record as served to the API; the `data_lake_serving` collection of the seed. */
@Schema({
  collection: 'data_lake_serving',
  versionKey: false,
  id: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class DataLakeRecord implements LakeRecord {
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
// Sales routes (src/sales): scope by owner, default list orders, closed and expected-close periods, customers,
// an opportunity's activities, open invoices by due date, invoices by commercial partner. A list's order ends in
// `_id` (its tiebreak, see sortSpec), so the indexes that give a list its order end in `_id` too.
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, odoo_user_id: 1, odoo_created_at: -1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, odoo_created_at: -1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, status: 1, closed_at: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, status: 1, date: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, date: 1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, name: 1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, partner_id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, res_model: 1, res_id: 1, date: 1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, state: 1, due_date: 1, _id: 1 });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1, commercial_partner_id: 1 });
