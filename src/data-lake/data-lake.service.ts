import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DataLakeRecord } from './schemas/data-lake-record.schema.js';

/** An Odoo employee (hr.employee) as synced, with what linking a user to Odoo needs. */
export interface OdooEmployee {
  employeeId: number;
  userId: number | null;
  name: string;
  departmentId: number | null;
  teamId: number | null;
  managerEmployeeId: number | null;
}

/** The `data_lake_serving` collection. Reads only ever see active (not soft-deleted) records. */
@Injectable()
export class DataLakeService {
  constructor(@InjectModel(DataLakeRecord.name) private readonly records: Model<DataLakeRecord>) {}

  /** Active employees whose work email or user login is this email. */
  async findEmployeesByEmail(email: string): Promise<OdooEmployee[]> {
    const records = await this.records
      .find({ entity_type: 'user', is_active: true, emails: email.trim().toLowerCase() })
      .lean<DataLakeRecord[]>()
      .exec();
    return records.map((record) => toOdooEmployee(Number(record.serving_id), { ...record, name: record.data.name }));
  }
}

/** An employee's fields as the sync writes them (the lake's columns), read from the lake or straight from Odoo. */
export interface EmployeeFields {
  name: unknown;
  odoo_user_id?: number | null;
  department_id?: number | null;
  team_id?: number | null;
  manager_employee_id?: number | null;
}

export function toOdooEmployee(employeeId: number, fields: EmployeeFields): OdooEmployee {
  return {
    employeeId,
    userId: fields.odoo_user_id ?? null,
    name: typeof fields.name === 'string' ? fields.name : '',
    departmentId: fields.department_id ?? null,
    teamId: fields.team_id ?? null,
    managerEmployeeId: fields.manager_employee_id ?? null,
  };
}
