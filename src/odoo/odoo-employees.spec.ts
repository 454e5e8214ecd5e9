import { employeeEmails, userIdentity } from './odoo-employees.js';

describe('employeeEmails', () => {
  it('gives the work email, then the user login and email, lower-cased and each once', () => {
    const user = { login: 'Ana@Example.com', email: 'ana.lopez@example.com', teamId: 3 };
    expect(employeeEmails('ANA@example.com', user)).toEqual(['ana@example.com', 'ana.lopez@example.com']);
  });

  it('leaves out what is not an email: Odoo false, empty text, a login without @', () => {
    expect(employeeEmails(false, { login: 'admin', email: '', teamId: null })).toEqual([]);
    expect(employeeEmails('ana@example.com', undefined)).toEqual(['ana@example.com']);
  });
});

describe('userIdentity', () => {
  it('reads login, email and sales team from a res.users record, with Odoo false as null', () => {
    expect(userIdentity({ id: 7, login: 'ana@example.com', email: false, sale_team_id: [3, 'Europe'] })).toEqual({
      login: 'ana@example.com',
      email: null,
      teamId: 3,
    });
  });
});
