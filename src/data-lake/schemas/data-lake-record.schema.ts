import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type HydratedDocument } from 'mongoose';

export type DataLakeRecordDocument = HydratedDocument<DataLakeRecord>;

export const ENTITY_TYPES = ['opportunity', 'account', 'contact', 'user', 'activity', 'invoice'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** One Odoo record as served to the API; the `data_lake_serving` collection of the seed. */
@Schema({
  collection: 'data_lake_serving',
  versionKey: false,
  id: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class DataLakeRecord {
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

  // Normalized at sync time, so that reads never decode Odoo's arrays (ARCHITECTURE.md).

  /** `user` (hr.employee): work email and login of its res.users, lower-cased, for matching our users. */
  @Prop({ type: [String], default: undefined })
  emails?: string[];

  /** `user`: the employee's res.users id; other entities: the owner's (salesperson's) res.users id. */
  @Prop({ type: Number, default: undefined })
  odoo_user_id?: number | null;

  /** `user`: hr.employee id of the manager (`parent_id`). */
  @Prop({ type: Number, default: undefined })
  manager_employee_id?: number | null;

  /** `user`: hr.department id. */
  @Prop({ type: Number, default: undefined })
  department_id?: number | null;

  /** `user`: crm.team id of the employee's user; `opportunity`: the lead's team. */
  @Prop({ type: Number, default: undefined })
  team_id?: number | null;

  @Prop({ type: Date, default: null })
  last_aggregated!: Date | null;

  created_at!: Date;
  updated_at!: Date;
}

export const DataLakeRecordSchema = SchemaFactory.createForClass(DataLakeRecord);
DataLakeRecordSchema.index({ entity_type: 1, serving_id: 1 }, { unique: true });
DataLakeRecordSchema.index({ entity_type: 1, is_active: 1 });
DataLakeRecordSchema.index({ entity_type: 1, 'data.id': 1 });
DataLakeRecordSchema.index({ entity_type: 1, emails: 1 });
