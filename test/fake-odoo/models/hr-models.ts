// Field names, types and labels of addons/hr/models/hr_employee.py (with hr_version/resource mixins)
// and hr_department.py (Odoo 17).
import type { ModelEnv, ModelSpec, StoredRecord } from '../model-types.js';
import { boolean, char, many2one, refId, textOf } from './field-builders.js';

/** hr.department._compute_complete_name: "Sales / Benelux". */
function departmentCompleteName(department: StoredRecord, env: ModelEnv): string {
  const names = [textOf(department, 'name')];
  let parent = env.get('hr.department', refId(department, 'parent_id'));
  for (let depth = 0; parent && depth < 20; depth++) {
    names.unshift(textOf(parent, 'name'));
    parent = env.get('hr.department', refId(parent, 'parent_id'));
  }
  return names.join(' / ');
}

export const hrEmployee: ModelSpec = {
  name: 'hr.employee',
  description: 'Employee',
  order: 'name',
  parentName: 'parent_id',
  defaults: () => ({ active: true, company_id: 1 }),
  fields: {
    name: char('Employee Name'),
    active: boolean('Active'),
    company_id: many2one('res.company', 'Company', { required: true }),
    user_id: many2one('res.users', 'User'),
    work_contact_id: many2one('res.partner', 'Work Contact'),
    work_email: char('Work Email'),
    work_phone: char('Work Phone'),
    mobile_phone: char('Work Mobile'),
    job_title: char('Job Title'),
    department_id: many2one('hr.department', 'Department'),
    parent_id: many2one('hr.employee', 'Manager'),
    coach_id: many2one('hr.employee', 'Coach', {
      help:
        'Select the "Employee" who is the coach of this employee.\n' +
        'The "Coach" has no specific rights or responsibilities by default.',
    }),
  },
};

export const hrDepartment: ModelSpec = {
  name: 'hr.department',
  description: 'Department',
  order: 'name',
  recName: 'complete_name',
  parentName: 'parent_id',
  displayName: departmentCompleteName,
  defaults: () => ({ active: true, company_id: 1 }),
  fields: {
    name: char('Department Name', { required: true }),
    complete_name: char('Complete Name', { compute: departmentCompleteName }),
    active: boolean('Active'),
    company_id: many2one('res.company', 'Company'),
    parent_id: many2one('hr.department', 'Parent Department'),
    manager_id: many2one('hr.employee', 'Manager'),
  },
};
