import type { Money } from '../../common/money.js';
import { ApiMoney } from '../../common/query.js';
import { RefDto } from '../../common/ref.dto.js';

/** A customer company (res.partner with is_company) and its sales figures, over what the caller may see. */
export class AccountDto {
  /** Odoo id (res.partner). @example 58 */
  id!: number;
  /** @example "Acme Corp" */
  name!: string;
  /** @example "info@acme.example" */
  email!: string | null;
  /** @example "+32 470 12 34 56" */
  phone!: string | null;
  /** @example "Brussels" */
  city!: string | null;
  country!: RefDto | null;
  /** The account's salesperson (res.users). */
  salesperson!: RefDto | null;
  /** False when archived in Odoo. */
  active!: boolean;
  /** Open opportunities of the company and its people. @example 3 */
  open_opportunities!: number;
  @ApiMoney("Open opportunities' expected revenue")
  pipeline_value!: Money;
  @ApiMoney('Expected revenue of every won opportunity')
  won_revenue!: Money;
  @ApiMoney('Amount due on open invoices (credit notes count negative)')
  amount_receivable!: Money;
}

export class AccountPageDto {
  items!: AccountDto[];
  /** @example 240 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 50 */
  page_size!: number;
  /** Set when the caller is not linked to Odoo and so sees nothing. */
  hint?: string;
}
