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

/** A stored record as the other modules read it: plain fields, no Mongoose class or model. */
export interface LakeRecord extends NormalizedFields {
  entity_type: EntityType;
  /** The Odoo id as a string. */
  serving_id: string;
  /** The Odoo record as read (many2one as `[id, "name"]`, `false` for empty). */
  data: Record<string, unknown>;
  /** False once the record no longer exists in Odoo (soft delete). */
  is_active: boolean;
  deleted_at: Date | null;
  delete_reason: string | null;
  source: string;
  last_aggregated: Date | null;
  /** Hash of `data` and the normalized fields: an unchanged record is not rewritten. */
  data_hash?: string;
  created_at: Date;
  updated_at: Date;
}
