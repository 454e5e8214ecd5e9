import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * What the dashboard sums, by the keys it filters and groups on:
 * - `stage`: open opportunities by stage;
 * - `forecast`: open opportunities by expected closing day;
 * - `closed`: won and lost opportunities by closing day (with the sales cycles of won ones);
 * - `account_open` / `account_won`: open and won (by closing day) value by customer company;
 * - `activity`: open activities by deadline;
 * - `invoice`: open customer invoices by due date, in their currency;
 * - `invoice_company`: the same in their company's currency (`currency` holds the company currency).
 */
export type RollupKind = 'stage' | 'forecast' | 'closed' | 'account_open' | 'account_won' | 'activity' | 'invoice' | 'invoice_company';

/** One row of sums. Rows of one build share a `generation`; readers see the last complete one. */
@Schema({ collection: 'sales_rollups', versionKey: false })
export class SalesRollup {
  @Prop({ type: String, required: true }) generation!: string;
  @Prop({ type: String, required: true }) kind!: RollupKind;
  /** The Odoo user (res.users id) owning the records; null for records without one. */
  @Prop({ type: Number, default: null }) owner!: number | null;
  @Prop({ type: String, default: null }) day!: string | null;
  @Prop({ type: Number, default: null }) stage!: number | null;
  @Prop({ type: String, default: null }) stage_name!: string | null;
  @Prop({ type: String, default: null }) status!: string | null;
  @Prop({ type: Number, default: null }) account!: number | null;
  @Prop({ type: String, default: null }) currency!: string | null;
  @Prop({ type: Number, default: 0 }) count!: number;
  @Prop({ type: Number, default: 0 }) cents!: number;
  @Prop({ type: Number, default: 0 }) weighted_cents!: number;
  /** Won deals: how many have a sales cycle (created and closed), and the sum of those cycles in milliseconds. */
  @Prop({ type: Number, default: 0 }) cycles!: number;
  @Prop({ type: Number, default: 0 }) cycle_ms!: number;
}

export const SalesRollupSchema = SchemaFactory.createForClass(SalesRollup);
SalesRollupSchema.index({ generation: 1, kind: 1, owner: 1, day: 1 });

/** Which generation of rows is complete and current. */
@Schema({ collection: 'sales_rollup_state', versionKey: false })
export class SalesRollupState {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) generation!: string;
  @Prop({ type: Date, required: true }) built_at!: Date;
}

export const SalesRollupStateSchema = SchemaFactory.createForClass(SalesRollupState);
