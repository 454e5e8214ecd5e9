import type { EntityDefinition } from './entity-definition.js';
import { datetime, lowerText, many2oneId, text } from '../../odoo/odoo-values.js';
import { HR_EMPLOYEE } from '../../odoo/odoo-models.js';
import { employeeEmails } from '../../odoo/odoo-employees.js';

/** `user`: hr.employee, with its res.users login and sales team looked up, for linking our users and scoping. */
export const employeeEntity: EntityDefinition = {
  type: 'user',
  model: HR_EMPLOYEE,
  domain: [],
  fields: ['name', 'work_email', 'user_id', 'parent_id', 'coach_id', 'department_id', 'job_title', 'active', 'create_date', 'write_date'],
  normalize(record, lookups) {
    const userId = many2oneId(record.user_id);
    const odooUser = userId === null ? undefined : lookups.userLogins.get(userId);
    const name = text(record.name);
    return {
      odoo_write_date: String(record.write_date),
      odoo_active: record.active !== false,
      name: name ?? '',
      search_text: lowerText(name, text(record.work_email)),
      odoo_user_id: userId,
      emails: employeeEmails(record.work_email, odooUser),
      manager_employee_id: many2oneId(record.parent_id),
      department_id: many2oneId(record.department_id),
      team_id: odooUser?.teamId ?? null,
      odoo_created_at: datetime(record.create_date),
    };
  },
};
