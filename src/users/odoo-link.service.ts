import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { DataLakeService, type OdooEmployee } from '../data-lake/data-lake.service.js';
import { UsersService } from './users.service.js';

/** Links our users to their Odoo employee and user, by email, from the synced data. */
@Injectable()
export class OdooLinkService {
  constructor(
    private readonly users: UsersService,
    private readonly dataLake: DataLakeService,
  ) {}

  /** The one employee with this email, or null when there is none or more than one. */
  async uniqueEmployee(email: string): Promise<OdooEmployee | null> {
    const employees = await this.dataLake.findEmployeesByEmail(email);
    return employees.length === 1 ? employees[0] : null;
  }

  async relink(user: AuthenticatedUser): Promise<AuthenticatedUser> {
    const employees = await this.dataLake.findEmployeesByEmail(user.email);
    if (employees.length === 0) {
      throw new ApiException(
        HttpStatus.NOT_FOUND,
        'ODOO_MATCH_NOT_FOUND',
        `No Odoo employee has the email ${user.email}. Ask an Odoo admin to set it as your employee's work email ` +
          'or your Odoo user\'s login; it is picked up at the next sync.',
      );
    }
    if (employees.length > 1) {
      throw new ApiException(
        HttpStatus.CONFLICT,
        'ODOO_MATCH_AMBIGUOUS',
        `${employees.length} Odoo employees have the email ${user.email}; an Odoo admin must keep only one.`,
      );
    }
    const [employee] = employees;
    const others = (await this.users.findLinkedToOdoo({ employeeId: employee.employeeId, userId: employee.userId })).filter(
      (other) => other.id !== user.id,
    );
    if (others.length > 0) {
      throw new ApiException(
        HttpStatus.CONFLICT,
        'ODOO_IDENTITY_TAKEN',
        'This Odoo employee is already linked to another account; ask an admin.',
      );
    }
    return (await this.users.update(user.id, odooFields(employee)))!;
  }
}

/** The seed's `odoo_*` fields of a user linked to this employee. */
export function odooFields(employee: OdooEmployee) {
  return {
    odoo_user_id: employee.userId,
    odoo_employee_id: employee.employeeId,
    odoo_salesperson_name: employee.name,
    odoo_department_id: employee.departmentId,
    odoo_team_id: employee.teamId,
    manager_odoo_id: employee.managerEmployeeId,
    odoo_matched: true,
  };
}
