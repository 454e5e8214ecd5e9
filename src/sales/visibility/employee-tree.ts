/** One synced employee, as the scope walk needs it. */
export interface TreeEmployee {
  serving_id: string | number;
  odoo_user_id?: number | null;
  manager_employee_id?: number | null;
}

export interface EmployeeTree {
  /** hr.employee id -> its direct reports' ids. */
  reports: Map<number, number[]>;
  /** hr.employee id -> its res.users id. */
  userOf: Map<number, number>;
  /** res.users id -> hr.employee id. */
  employeeOf: Map<number, number>;
  /** Scopes computed from this tree, by the caller's Odoo identity. */
  scopes: Map<string, number[]>;
}

/** The hr.employee manager tree of the synced employees. */
export function employeeTreeOf(employees: Iterable<TreeEmployee>): EmployeeTree {
  const tree: EmployeeTree = { reports: new Map(), userOf: new Map(), employeeOf: new Map(), scopes: new Map() };
  for (const employee of employees) {
    const id = Number(employee.serving_id);
    if (employee.odoo_user_id != null) {
      tree.userOf.set(id, employee.odoo_user_id);
      tree.employeeOf.set(employee.odoo_user_id, id);
    }
    if (employee.manager_employee_id != null) {
      const reports = tree.reports.get(employee.manager_employee_id) ?? [];
      reports.push(id);
      tree.reports.set(employee.manager_employee_id, reports);
    }
  }
  return tree;
}

/**
 * The res.users ids a caller linked to Odoo sees, kept in the tree. Without a linked employee, the one their
 * Odoo user has, if any.
 */
export function teamUserIds(tree: EmployeeTree, odooUserId: number, odooEmployeeId: number | null): number[] {
  const key = `${odooUserId}:${odooEmployeeId ?? ''}`;
  let odooUserIds = tree.scopes.get(key);
  if (!odooUserIds) {
    odooUserIds = teamOf(tree, odooUserId, odooEmployeeId ?? tree.employeeOf.get(odooUserId) ?? null);
    tree.scopes.set(key, odooUserIds);
  }
  return odooUserIds;
}

/** The caller's own user plus the users of every employee below theirs (a cycle in the data cannot loop). */
function teamOf(tree: EmployeeTree, ownUserId: number, employeeId: number | null): number[] {
  const users = new Set([ownUserId]);
  const seen = new Set<number>();
  const queue = employeeId === null ? [] : [employeeId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const userId = tree.userOf.get(id);
    if (userId !== undefined && id !== employeeId) users.add(userId);
    queue.push(...(tree.reports.get(id) ?? []));
  }
  return [...users].sort((a, b) => a - b);
}
