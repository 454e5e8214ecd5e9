import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { SyncEvents } from '../../sync/sync-events.js';
import type { LakeReader } from '../../data-lake/lake-reader.service.js';
import { employeeTreeOf, teamUserIds, type TreeEmployee } from './employee-tree.js';
import { NOT_LINKED_HINT, VisibilityService } from './visibility.service.js';

/** hr.employee `id` is used by res.users `id * 10`; `manager` is the employee's parent_id. */
const employee = (id: number, manager: number | null, user: number | null = id * 10): TreeEmployee => ({
  serving_id: String(id),
  odoo_user_id: user,
  manager_employee_id: manager,
});

describe('the visibility scope walk over the hr.employee manager tree', () => {
  // 1 heads 2 and 3; 2 heads 4; 4 heads 5 (archived employees are in the lake too); 6 has no user; 7 heads nobody.
  const company = [employee(1, null), employee(2, 1), employee(3, 1), employee(4, 2), employee(5, 4), employee(6, 3, null), employee(8, 6), employee(7, null)];

  it('gives a manager their own user and the users of everyone below them, transitively', () => {
    expect(teamUserIds(employeeTreeOf(company), 10, 1)).toEqual([10, 20, 30, 40, 50, 80]);
    expect(teamUserIds(employeeTreeOf(company), 20, 2)).toEqual([20, 40, 50]);
  });

  it('walks through an employee without a user to the reports below them', () => {
    expect(teamUserIds(employeeTreeOf(company), 30, 3)).toEqual([30, 80]);
  });

  it('gives someone with nobody below them only their own user', () => {
    expect(teamUserIds(employeeTreeOf(company), 70, 7)).toEqual([70]);
    expect(teamUserIds(employeeTreeOf(company), 50, 5)).toEqual([50]);
  });

  it('finds the employee of a caller linked only to an Odoo user', () => {
    expect(teamUserIds(employeeTreeOf(company), 20, null)).toEqual([20, 40, 50]);
  });

  it('gives a caller whose Odoo user has no employee only their own records', () => {
    expect(teamUserIds(employeeTreeOf(company), 999, null)).toEqual([999]);
  });

  it('ends on loops: an employee who is their own manager, and two who manage each other', () => {
    const loops = [employee(1, 1), employee(2, 1), employee(3, 4), employee(4, 3), employee(5, 4)];
    expect(teamUserIds(employeeTreeOf(loops), 10, 1)).toEqual([10, 20]);
    expect(teamUserIds(employeeTreeOf(loops), 30, 3)).toEqual([30, 40, 50]);
    expect(teamUserIds(employeeTreeOf(loops), 40, 4)).toEqual([30, 40, 50]);
  });

  it("counts the caller's linked employee, not the user's other one, and keeps each answer apart", () => {
    // res.users 10 has two employees (two companies): the one the caller is linked to decides.
    const twoCompanies = [employee(1, null, 10), employee(2, 1), employee(3, null, 10), employee(4, 3)];
    const tree = employeeTreeOf(twoCompanies);
    expect(teamUserIds(tree, 10, 1)).toEqual([10, 20]);
    expect(teamUserIds(tree, 10, 3)).toEqual([10, 40]);
    expect(teamUserIds(tree, 10, 1)).toEqual([10, 20]);
  });
});

describe('VisibilityService.scopeOf without the manager tree', () => {
  // Neither an admin nor an unlinked caller needs the tree: the lake must not be read.
  const lake = {
    find: () => {
      throw new Error('the lake was read');
    },
  } as unknown as LakeReader;
  const service = new VisibilityService(lake, new SyncEvents());
  const user = (fields: Partial<AuthenticatedUser>) => ({ role: 'user', is_super_admin: false, odoo_user_id: null, ...fields }) as AuthenticatedUser;

  it('lets an admin see every record', async () => {
    await expect(service.scopeOf(user({ role: 'admin', odoo_user_id: 10 }))).resolves.toEqual({ all: true, odooUserIds: [] });
  });

  it('gives a caller not linked to Odoo nothing, and says why', async () => {
    await expect(service.scopeOf(user({ odoo_user_id: null }))).resolves.toEqual({ all: false, odooUserIds: [], hint: NOT_LINKED_HINT });
  });
});
