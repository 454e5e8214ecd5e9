import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { LakeReader, type Filter } from '../../data-lake/lake-reader.service.js';
import type { LakeRecord } from '../../data-lake/lake-record.js';
import { addCents, toMoney, type Cents } from '../common/money.js';
import { sortSpec, textSearch } from '../common/query.js';
import { text } from '../../odoo/odoo-values.js';
import { refOf } from '../common/refs.js';
import { OPEN_INVOICE } from '../receivables/open-invoices.js';
import { hintOf, ownerFilter, VisibilityService, type Scope } from '../visibility/visibility.service.js';
import type { AccountDto, AccountPageDto } from './dto/account.dto.js';
import { ACCOUNT_SORTS, type ListAccountsQueryDto } from './dto/list-accounts.query.dto.js';

interface AccountFigures {
  open: number;
  pipeline: Cents;
  won: Cents;
  receivable: Cents;
}

/**
 * Customer companies with their figures. A company's figures include those of its people (contacts), as
 * Odoo counts a partner's opportunities with its children's, and only records the caller may see.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly lake: LakeReader,
    private readonly visibility: VisibilityService,
  ) {}

  async list(user: AuthenticatedUser, query: ListAccountsQueryDto): Promise<AccountPageDto> {
    const scope = await this.visibility.scopeOf(user);
    const filter = { ...(await this.visibleAccounts(scope)), ...textSearch(query.q) };
    const { items, total } = await this.lake.page('account', filter, sortSpec(query.sort, ACCOUNT_SORTS), query);
    const figures = await this.figures(scope, items.map((account) => Number(account.serving_id)));
    return {
      items: items.map((account) => toAccountDto(account, figures.get(Number(account.serving_id)))),
      total,
      page: query.page,
      page_size: query.page_size,
      ...hintOf(scope),
    };
  }

  /**
   * Admins see every company; anyone else the companies with an opportunity or invoice they see (on the
   * company or one of its people), and those whose salesperson is in their scope.
   */
  private async visibleAccounts(scope: Scope): Promise<Filter> {
    if (scope.all) return {};
    const owned = ownerFilter(scope);
    const [fromDeals, fromInvoices] = await Promise.all([
      this.lake.distinctIds('opportunity', 'partner_id', owned),
      this.lake.distinctIds('invoice', 'partner_id', owned),
    ]);
    const partners = [...new Set([...fromDeals, ...fromInvoices])];
    const companies = await this.lake.companiesOf(partners);
    const ids = [...new Set(partners.map((partner) => companies.get(partner) ?? partner))];
    return { $or: [owned, { partner_id: { $in: ids } }] };
  }

  private async figures(scope: Scope, accountIds: number[]): Promise<Map<number, AccountFigures>> {
    const figures = new Map<number, AccountFigures>(accountIds.map((id) => [id, { open: 0, pipeline: {}, won: {}, receivable: {} }]));
    if (accountIds.length === 0) return figures;
    const people = await this.lake.find('contact', { partner_id: { $in: accountIds } }, { fields: ['serving_id', 'partner_id'] });
    const accountOf = new Map<unknown, number>(accountIds.map((id) => [id, id]));
    for (const person of people) accountOf.set(Number(person.serving_id), person.partner_id as number);
    const partners = { $in: [...accountOf.keys()] };
    const owned = ownerFilter(scope);
    const [deals, invoices] = await Promise.all([
      this.lake.totals(
        'opportunity',
        { ...owned, kind: 'opportunity', partner_id: partners, $or: [{ status: 'open', odoo_active: true }, { status: 'won' }] },
        { partner: 'partner_id', status: 'status', currency: 'currency' },
        { count: 1, cents: 'expected_revenue_cents' },
      ),
      this.lake.totals('invoice', { ...owned, ...OPEN_INVOICE, partner_id: partners }, { partner: 'partner_id', currency: 'currency' }, {
        cents: 'amount_residual_cents',
      }),
    ]);
    for (const { key, sums } of deals) {
      const account = figures.get(accountOf.get(key.partner)!)!;
      if (key.status === 'won') {
        addCents(account.won, key.currency, sums.cents);
      } else {
        account.open += sums.count;
        addCents(account.pipeline, key.currency, sums.cents);
      }
    }
    for (const { key, sums } of invoices) addCents(figures.get(accountOf.get(key.partner)!)!.receivable, key.currency, sums.cents);
    return figures;
  }
}

function toAccountDto(account: LakeRecord, figures: AccountFigures | undefined): AccountDto {
  const data = account.data;
  return {
    id: Number(account.serving_id),
    name: account.name ?? '',
    email: text(data.email),
    phone: text(data.phone),
    city: text(data.city),
    country: refOf(data.country_id),
    salesperson: refOf(data.user_id),
    active: account.odoo_active !== false,
    open_opportunities: figures?.open ?? 0,
    pipeline_value: toMoney(figures?.pipeline ?? {}),
    won_revenue: toMoney(figures?.won ?? {}),
    amount_receivable: toMoney(figures?.receivable ?? {}),
  };
}
