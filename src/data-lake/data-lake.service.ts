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
    return records.map(toEmployee);
  }
}

function toEmployee(record: DataLakeRecord): OdooEmployee {
  return {
    employeeId: Number(record.serving_id),
    userId: record.odoo_user_id ?? null,
    name: typeof record.data.name === 'string' ? record.data.name : '',
    departmentId: record.department_id ?? null,
    teamId: record.team_id ?? null,
    managerEmployeeId: record.manager_employee_id ?? null,
  };
}
