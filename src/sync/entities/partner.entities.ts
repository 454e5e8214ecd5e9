import type { EntityDefinition } from './entity-definition.js';
import { datetime, lowerText, many2oneId, text } from '../../odoo/odoo-values.js';
import { RES_PARTNER } from '../../odoo/odoo-models.js';

const PARTNER_FIELDS = [
  'name', 'is_company', 'active', 'email', 'phone', 'parent_id', 'commercial_partner_id', 'user_id', 'city',
  'country_id', 'vat', 'customer_rank', 'create_date', 'write_date',
];

function partnerFields(record: Record<string, unknown>) {
  const name = text(record.name);
  return {
    odoo_write_date: String(record.write_date),
    odoo_active: record.active !== false,
    name: name ?? '',
    search_text: lowerText(name, text(record.email)),
    odoo_user_id: many2oneId(record.user_id),
    odoo_created_at: datetime(record.create_date),
  };
}

/** `account`: companies (res.partner, is_company = true). */
export const accountEntity: EntityDefinition = {
  type: 'account',
  model: RES_PARTNER,
  domain: [['is_company', '=', true]],
  fields: PARTNER_FIELDS,
  normalize: (record) => ({ ...partnerFields(record), partner_id: record.id }),
};

/** `contact`: people (res.partner, is_company = false); `partner_id` is their company. */
export const contactEntity: EntityDefinition = {
  type: 'contact',
  model: RES_PARTNER,
  domain: [['is_company', '=', false]],
  fields: PARTNER_FIELDS,
  normalize: (record) => ({ ...partnerFields(record), partner_id: many2oneId(record.parent_id) }),
};
