import { Injectable } from '@nestjs/common';
import { toOdooEmployee, type OdooEmployee } from '../data-lake/data-lake.service.js';
import type { OdooClient } from '../odoo/odoo.client.js';
import type { OdooRecord } from '../odoo/odoo.types.js';
import { EMPLOYEE_USER_FIELDS, employeeEmails, userIdentity } from '../odoo/odoo-employees.js';
import { HR_EMPLOYEE, RES_USERS } from '../odoo/odoo-models.js';
import { many2oneId } from '../odoo/odoo-values.js';
import { odooFields } from '../users/odoo-link.service.js';
import { UsersService } from '../users/users.service.js';
import type { SyncUsersResultDto } from './dto/integration.dto.js';

const PAGE_SIZE = 1000;

/** Enriches our users with their Odoo identity, read live from hr.employee and res.users, matching by email. */
@Injectable()
export class OdooUserSyncService {
  constructor(private readonly users: UsersService) {}

  async syncUsers(client: OdooClient): Promise<SyncUsersResultDto> {
    const employeesByEmail = await this.readEmployeesByEmail(client);
    const claims = new Map<number, string[]>();
    const users = await this.users.all();
    for (const user of users) {
      const candidates = employeesByEmail.get(user.email) ?? [];
      if (candidates.length === 1) claims.set(candidates[0].employeeId, [...(claims.get(candidates[0].employeeId) ?? []), user.email]);
    }

    const result: SyncUsersResultDto = { matched: 0, unmatched: 0, ambiguous: 0, matched_users: [], unmatched_users: [], ambiguous_users: [] };
    for (const user of users) {
      const candidates = employeesByEmail.get(user.email) ?? [];
      // One employee reached through two of our users (its work email and its login) links neither.
      if (candidates.length > 1 || (candidates.length === 1 && claims.get(candidates[0].employeeId)!.length > 1)) {
        result.ambiguous_users.push({ email: user.email, candidates: candidates.map((c) => c.employeeId) });
      } else if (candidates.length === 1) {
        await this.users.update(user.id, odooFields(candidates[0]));
        result.matched_users.push({ email: user.email, odoo_employee_id: candidates[0].employeeId });
      } else {
        result.unmatched_users.push(user.email);
      }
    }
    result.matched = result.matched_users.length;
    result.unmatched = result.unmatched_users.length;
    result.ambiguous = result.ambiguous_users.length;
    return result;
  }

  private async readEmployeesByEmail(client: OdooClient): Promise<Map<string, OdooEmployee[]>> {
    const employees = await readAll(client, HR_EMPLOYEE, ['name', 'work_email', 'user_id', 'parent_id', 'department_id']);
    const userIds = [...new Set(employees.map((e) => many2oneId(e.user_id)).filter((id): id is number => id !== null))];
    const odooUsers = userIds.length ? await client.read(RES_USERS, userIds, EMPLOYEE_USER_FIELDS) : [];
    const usersById = new Map(odooUsers.map((u) => [u.id, u]));

    const byEmail = new Map<string, OdooEmployee[]>();
    for (const record of employees) {
      const odooUser = usersById.get(many2oneId(record.user_id) ?? -1);
      const identity = odooUser && userIdentity(odooUser);
      const employee = toOdooEmployee(record.id, {
        name: record.name,
        odoo_user_id: odooUser?.id ?? null,
        department_id: many2oneId(record.department_id),
        team_id: identity?.teamId ?? null,
        manager_employee_id: many2oneId(record.parent_id),
      });
      for (const email of employeeEmails(record.work_email, identity)) byEmail.set(email, [...(byEmail.get(email) ?? []), employee]);
    }
    return byEmail;
  }
}

async function readAll(client: OdooClient, model: string, fields: string[]): Promise<OdooRecord[]> {
  const records: OdooRecord[] = [];
  for await (const page of client.pages(model, { fields, pageSize: PAGE_SIZE })) records.push(...page.records);
  return records;
}
