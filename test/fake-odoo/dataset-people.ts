// The people of a dataset: a sales organisation (res.users + hr.employee with a manager tree at least four
// levels deep, departments, teams with leaders) and the customers (companies, two contacts each).
import type { DatasetContext } from './dataset-context.js';
import {
  ADMIN_UID,
  BELGIUM,
  companyDomain,
  COUNTRIES,
  type Country,
  MAIN_COMPANY,
  UNITED_STATES,
  US_COMPANY,
} from './dataset-reference.js';
import type { StoredRecord } from './model-types.js';

export interface Seller {
  readonly userId: number;
  readonly teamId: number;
  readonly companyId: number;
  /** Relative share of the leads the seller owns. */
  readonly weight: number;
}

export interface SalesOrg {
  readonly sellers: readonly Seller[];
  readonly teamIds: readonly number[];
  readonly teamCompany: ReadonlyMap<number, number>;
}

export interface Customer {
  readonly company: StoredRecord;
  readonly contacts: readonly StoredRecord[];
  readonly country: Country;
  readonly domain: string;
}

const REGIONS = ['Benelux', 'France', 'DACH', 'Nordics', 'UK & Ireland', 'Iberia', 'Italy', 'Central Europe'];
const CONTACT_JOBS = [
  'Purchasing Manager',
  'CEO',
  'CFO',
  'Office Manager',
  'IT Director',
  'Operations Manager',
  'Buyer',
  'Facility Manager',
];

type Role = 'ceo' | 'director' | 'leader' | 'rep';
const JOB_TITLES: Readonly<Record<Role, string>> = {
  ceo: 'Chief Executive Officer',
  director: 'Sales Director',
  leader: 'Sales Team Leader',
  rep: 'Sales Representative',
};

interface Person {
  readonly first: string;
  readonly last: string;
}

const asciiPart = (text: string) =>
  text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

function phone(context: DatasetContext, country: Country): string {
  const digits = String(context.rng.int(100_000_000, 999_999_999));
  return `+${country.phoneCode} ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
}

function vat(context: DatasetContext, country: Country): string | false {
  if (!country.vatPrefix || context.rng.chance(0.2)) return false;
  return `${country.vatPrefix}${context.rng.int(100_000_000, 999_999_999)}`;
}

function pickCountry(context: DatasetContext): Country {
  return context.rng.weighted(
    COUNTRIES,
    COUNTRIES.map((country) => country.weight),
  );
}

/** Team sizes, per the ratio of about one user per 2,000 leads with a floor of 12. */
function orgShape(userCount: number) {
  const directors = Math.max(2, Math.round(userCount / 40));
  const leaders = Math.max(3, Math.round(userCount / 8));
  return { directors, leaders, reps: userCount - 1 - directors - leaders };
}

interface Placement {
  readonly id: number;
  readonly companyId: number;
  readonly departmentId: number;
  readonly managerId: number | false;
  readonly active: boolean;
}

interface TeamUnit {
  readonly teamId: number;
  readonly companyId: number;
  readonly departmentId: number;
  readonly leader: StoredRecord;
}

class OrgBuilder {
  readonly context: DatasetContext;
  private readonly domain: string;
  private readonly logins = new Set<string>();
  private nextPartnerId: number;
  private readonly created: Date;
  nextId = ADMIN_UID + 1;

  constructor(context: DatasetContext, companyName: string) {
    this.context = context;
    this.domain = companyDomain(companyName, BELGIUM.tld);
    this.nextPartnerId = Math.max(...context.table('res.partner').map((partner) => partner.id)) + 1;
    this.created = context.daysAgo(760);
  }

  private person(): Person {
    return { first: this.context.faker.person.firstName(), last: this.context.faker.person.lastName() };
  }

  private login(person: Person): string {
    const base = `${asciiPart(person.first)}.${asciiPart(person.last)}`;
    let login = `${base}@${this.domain}`;
    for (let suffix = 2; this.logins.has(login); suffix++) login = `${base}${suffix}@${this.domain}`;
    this.logins.add(login);
    return login;
  }

  private stamp(written = this.created) {
    return this.context.stamp(this.created, written, ADMIN_UID);
  }

  department(id: number, name: string, parentId: number | false): StoredRecord {
    const values = { id, name, active: true, company_id: MAIN_COMPANY, parent_id: parentId, manager_id: false };
    return this.context.add('hr.department', { ...values, ...this.stamp() });
  }

  /** A res.users with its partner and its hr.employee; returns the employee. */
  employee(role: Role, placement: Placement): StoredRecord {
    const { id, companyId, active } = placement;
    const person = this.person();
    const name = `${person.first} ${person.last}`;
    const login = this.login(person);
    const country = companyId === US_COMPANY ? UNITED_STATES : BELGIUM;
    const stamp = this.stamp(this.context.writeMoment(this.created));
    const partnerId = this.nextPartnerId++;
    this.context.add('res.partner', {
      id: partnerId,
      name,
      is_company: false,
      active,
      type: 'contact',
      parent_id: false,
      email: login,
      phone: phone(this.context, country),
      country_id: country.id,
      company_id: companyId,
      customer_rank: 0,
      supplier_rank: 0,
      ...stamp,
    });
    const user = { id, name, login, email: login, active, partner_id: partnerId, company_id: companyId, share: false, sale_team_id: false };
    this.context.add('res.users', { ...user, ...stamp });
    // Some employees' work email differs from the login by case, as when typed by hand in HR.
    const workEmail = this.context.rng.chance(0.05) ? `${person.first}.${person.last}@${this.domain}` : login;
    return this.context.add('hr.employee', {
      id,
      name,
      active,
      company_id: companyId,
      user_id: id,
      work_contact_id: partnerId,
      work_email: workEmail,
      work_phone: phone(this.context, country),
      mobile_phone: phone(this.context, country),
      job_title: JOB_TITLES[role],
      department_id: placement.departmentId,
      parent_id: placement.managerId,
      coach_id: false,
      ...stamp,
    });
  }

  /** Employees without a user (assistants): two share the team's mailbox, an ambiguous email on purpose. */
  assistant(departmentId: number, managerId: number, shared: boolean): void {
    const person = this.person();
    this.context.add('hr.employee', {
      id: this.nextId++,
      name: `${person.first} ${person.last}`,
      active: true,
      company_id: MAIN_COMPANY,
      user_id: false,
      work_contact_id: false,
      work_email: shared ? `sales@${this.domain}` : this.login(person),
      work_phone: phone(this.context, BELGIUM),
      mobile_phone: false,
      job_title: 'Sales Assistant',
      department_id: departmentId,
      parent_id: managerId,
      coach_id: false,
      ...this.stamp(),
    });
  }

  team(id: number, name: string, leaderId: number, companyId: number): void {
    const values = { id, name, sequence: id * 10, active: true, company_id: companyId, user_id: leaderId, color: id % 12 };
    this.context.add('crm.team', { ...values, use_leads: true, use_opportunities: true, ...this.stamp() });
  }
}

function teamName(index: number, teamCount: number): string {
  if (index === teamCount - 1) return 'North America';
  const region = REGIONS[index % REGIONS.length];
  return index < REGIONS.length ? region : `${region} ${Math.floor(index / REGIONS.length) + 1}`;
}

/** One team per leader, each with its department under Sales; the last team sells for the US company. */
function addTeams(builder: OrgBuilder, count: number, directors: readonly StoredRecord[]): TeamUnit[] {
  return Array.from({ length: count }, (_, index) => {
    const teamId = index + 1;
    const companyId = index === count - 1 ? US_COMPANY : MAIN_COMPANY;
    const department = builder.department(3 + index, teamName(index, count), 2);
    const managerId = directors[index % directors.length].id;
    const leader = builder.employee('leader', { id: builder.nextId++, companyId, departmentId: department.id, managerId, active: true });
    builder.team(teamId, teamName(index, count), leader.id, companyId);
    department.manager_id = leader.id;
    return { teamId, companyId, departmentId: department.id, leader };
  });
}

/** Representatives spread over the teams; a few have left (archived user and employee, leads still theirs). */
function addReps(builder: OrgBuilder, count: number, teams: readonly TeamUnit[]): Seller[] {
  const departed = count >= 6 ? Math.max(1, Math.round(count * 0.04)) : 0;
  return Array.from({ length: count }, (_, index) => {
    const team = teams[index % teams.length];
    const placement = { id: builder.nextId++, companyId: team.companyId, departmentId: team.departmentId, managerId: team.leader.id };
    const rep = builder.employee('rep', { ...placement, active: index >= departed });
    rep.coach_id = builder.context.rng.chance(0.5) ? team.leader.id : false;
    return { userId: rep.id, teamId: team.teamId, companyId: team.companyId, weight: 3 };
  });
}

/** CEO > directors > team leaders > representatives, plus assistants; ids of users and employees match. */
export function addSalesOrg(context: DatasetContext, companyName: string, userCount: number): SalesOrg {
  const shape = orgShape(userCount);
  const builder = new OrgBuilder(context, companyName);
  const management = builder.department(1, 'Management', false);
  const sales = builder.department(2, 'Sales', false);
  const top = { companyId: MAIN_COMPANY, active: true };
  const ceo = builder.employee('ceo', { ...top, id: builder.nextId++, departmentId: management.id, managerId: false });
  const directors = Array.from({ length: shape.directors }, () =>
    builder.employee('director', { ...top, id: builder.nextId++, departmentId: sales.id, managerId: ceo.id }),
  );
  management.manager_id = ceo.id;
  sales.manager_id = directors[0].id;
  const teams = addTeams(builder, shape.leaders, directors);
  const leaders = teams.map((team) => ({ userId: team.leader.id, teamId: team.teamId, companyId: team.companyId, weight: 1 }));
  const sellers = [...leaders, ...addReps(builder, shape.reps, teams)];
  const assistants = Math.max(2, Math.round(userCount * 0.05));
  for (let index = 0; index < assistants; index++) builder.assistant(sales.id, directors[0].id, index < 2);
  assignTeams(context, sellers);
  const teamCompany = new Map(teams.map((team) => [team.teamId, team.companyId]));
  return { sellers, teamIds: teams.map((team) => team.teamId), teamCompany };
}

function assignTeams(context: DatasetContext, sellers: readonly Seller[]): void {
  const users = new Map(context.table('res.users').map((user) => [user.id, user]));
  for (const seller of sellers) {
    const user = users.get(seller.userId);
    if (user) user.sale_team_id = seller.teamId;
  }
}

function addCustomerCompany(context: DatasetContext, id: number, created: Date, sellers: readonly Seller[]): Customer {
  const country = pickCountry(context);
  const name = context.faker.company.name();
  const domain = companyDomain(name, country.tld);
  const company = context.add('res.partner', {
    id,
    name,
    is_company: true,
    active: !context.rng.chance(0.02),
    type: 'contact',
    parent_id: false,
    email: `info@${domain}`,
    phone: phone(context, country),
    website: `https://www.${domain}`,
    city: context.faker.location.city(),
    country_id: country.id,
    vat: vat(context, country),
    user_id: context.rng.chance(0.7) ? context.rng.pick(sellers).userId : false,
    company_id: false,
    customer_rank: context.rng.chance(0.8) ? context.rng.int(1, 20) : 0,
    supplier_rank: 0,
    comment: false,
    ...context.stamp(created, context.writeMoment(created), ADMIN_UID),
  });
  return { company, contacts: [], country, domain };
}

function addContact(context: DatasetContext, id: number, created: Date, customer: Customer): StoredRecord {
  const { company, country, domain } = customer;
  const first = context.faker.person.firstName();
  const last = context.faker.person.lastName();
  return context.add('res.partner', {
    id,
    name: `${first} ${last}`,
    is_company: false,
    active: company.active ?? true,
    type: 'contact',
    parent_id: company.id,
    email: `${asciiPart(first)}.${asciiPart(last)}@${domain}`,
    phone: phone(context, country),
    website: false,
    city: company.city ?? false,
    country_id: country.id,
    vat: false,
    user_id: company.user_id ?? false,
    company_id: false,
    customer_rank: 0,
    supplier_rank: 0,
    comment: false,
    function: context.rng.pick(CONTACT_JOBS),
    ...context.stamp(created, context.writeMoment(created), ADMIN_UID),
  });
}

/** Customer companies with two contacts each; partner ids follow creation order. */
export function addCustomers(context: DatasetContext, count: number, sellers: readonly Seller[]): Customer[] {
  let nextId = Math.max(...context.table('res.partner').map((partner) => partner.id)) + 1;
  const moments = context.sortedMoments(count, 720, 1.3);
  return moments.map((created) => {
    const customer = addCustomerCompany(context, nextId++, created, sellers);
    const contacts = [addContact(context, nextId++, created, customer), addContact(context, nextId++, created, customer)];
    return { ...customer, contacts };
  });
}

/** Portal users (share = True) for the first customers' contacts: users outside the sales organisation. */
export function addPortalUsers(context: DatasetContext, customers: readonly Customer[]): void {
  let nextId = Math.max(...context.table('res.users').map((user) => user.id)) + 1;
  for (const customer of customers.slice(0, 2)) {
    const contact = customer.contacts[0];
    const created = context.daysAgo(context.rng.int(30, 300));
    context.add('res.users', {
      id: nextId++,
      name: contact.name ?? false,
      login: contact.email ?? false,
      email: contact.email ?? false,
      active: true,
      partner_id: contact.id,
      company_id: MAIN_COMPANY,
      share: true,
      sale_team_id: false,
      ...context.stamp(created, created, ADMIN_UID),
    });
  }
}
