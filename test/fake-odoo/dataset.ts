// A seeded generator of realistic, related Odoo data at any size: the same seed, size and `now` give the
// same data. Ratios per lead: 1/10 customer company (2 contacts each), 1/4 invoice, 1/2 activity, and a
// sales organisation of one user per 2,000 leads with a floor of 12.
import { DatasetContext } from './dataset-context.js';
import { addCustomers, addPortalUsers, addSalesOrg } from './dataset-people.js';
import { addReferenceData } from './dataset-reference.js';
import { addActivities, addInvoices, addLeads } from './dataset-sales.js';
import type { StoredRecord } from './model-types.js';
import { formatDatetime } from './odoo-dates.js';

export interface DatasetOptions {
  readonly seed?: number;
  readonly leads?: number;
  /** The reference time deadlines and dates spread around (UTC). Defaults to the current minute. */
  readonly now?: Date | string;
}

export interface Dataset {
  readonly seed: number;
  /** `now` as an Odoo datetime: nothing in the data is written after it. */
  readonly now: string;
  /** Rows per model, many2one as ids, empty as false: what FakeOdooServer loads. */
  readonly records: Readonly<Record<string, StoredRecord[]>>;
  /** The database name and the API user's login the data comes with (a recorded server's); the server's defaults otherwise. */
  readonly database?: string;
  readonly login?: string;
}

export interface DatasetSizes {
  readonly leads: number;
  readonly companies: number;
  readonly contacts: number;
  readonly users: number;
  readonly invoices: number;
  readonly activities: number;
}

export function datasetSizes(leads: number): DatasetSizes {
  const companies = leads > 0 ? Math.max(1, Math.round(leads / 10)) : 0;
  return {
    leads,
    companies,
    contacts: companies * 2,
    users: Math.max(12, Math.round(leads / 2000)),
    invoices: Math.round(leads / 4),
    activities: Math.round(leads / 2),
  };
}

function referenceNow(now: Date | string | undefined): Date {
  if (now === undefined) return new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const moment = typeof now === 'string' ? new Date(now.includes('T') ? now : `${now.replace(' ', 'T')}Z`) : now;
  if (Number.isNaN(moment.getTime())) throw new Error(`invalid now: ${String(now)}`);
  return new Date(Math.floor(moment.getTime() / 1000) * 1000);
}

export function generateDataset(options: DatasetOptions = {}): Dataset {
  const seed = options.seed ?? 1;
  const sizes = datasetSizes(Math.max(0, Math.floor(options.leads ?? 0)));
  const now = referenceNow(options.now);
  const context = new DatasetContext(seed, now, sizes.leads + sizes.invoices + sizes.activities + sizes.companies * 3);
  const companyName = addReferenceData(context);
  const org = addSalesOrg(context, companyName, sizes.users);
  const customers = addCustomers(context, sizes.companies, org.sellers);
  addPortalUsers(context, customers);
  const leads = addLeads(context, sizes.leads, customers, org);
  addInvoices(context, sizes.invoices, customers, org.sellers);
  addActivities(context, sizes.activities, leads, org.sellers);
  return { seed, now: formatDatetime(now), records: context.records };
}
