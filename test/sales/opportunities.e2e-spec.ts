import * as api from '@sales-backend/client';
import type { Client } from '@sales-backend/client/client';
import type { ReadRecord } from '../fake-odoo/orm-read.js';
import { allPages, apiClient, ok } from '../support/api-client.js';
import { runSync } from '../support/sync.js';
import { APP_START_TIMEOUT_MS } from '../support/timeouts.js';
import { expectedRef, OdooFigures } from './odoo-figures.js';
import { idOf, sees, startSalesWorld, today, type Caller, type SalesWorld } from './sales-world.js';

describe('opportunities and activities, scoped to the caller', () => {
  let world: SalesWorld;
  let odoo: OdooFigures;
  let client: Client;

  beforeAll(async () => {
    world = await startSalesWorld();
    odoo = new OdooFigures(world.fake);
    client = apiClient(world.app);
  }, APP_START_TIMEOUT_MS);
  afterAll(() => world.stop());

  const opportunityPage = (caller: Caller, query: api.ListOpportunitiesData['query'] = {}) =>
    ok(api.listOpportunities({ client, headers: caller.headers, query }));
  const opportunities = (caller: Caller, query: api.ListOpportunitiesData['query'] = {}) =>
    allPages((paging) => opportunityPage(caller, { ...query, ...paging }));
  const activityPage = (caller: Caller, query: api.ListActivitiesData['query'] = {}) =>
    ok(api.listActivities({ client, headers: caller.headers, query }));
  const activities = (caller: Caller, query: api.ListActivitiesData['query'] = {}) =>
    allPages((paging) => activityPage(caller, { ...query, ...paging }));
  const opportunity = (caller: Caller, id: number) => api.getOpportunity({ client, headers: caller.headers, path: { id } });
  const activitiesOf = (caller: Caller, id: number) => api.opportunityActivities({ client, headers: caller.headers, path: { id } });
  const ids = (items: { id: number }[]) => items.map((item) => item.id).sort((a, b) => a - b);
  const leadIds = (leads: ReadRecord[]) => leads.map((lead) => lead.id).sort((a, b) => a - b);
  const outsideScopeOf = (caller: Caller) => world.fake.records('crm.lead').find((lead) => !sees(caller, idOf(lead.user_id)))!;

  function expectedActivity(activity: ReadRecord) {
    const deadline = activity.date_deadline as string;
    return {
      id: activity.id,
      summary: activity.summary || null,
      type: expectedRef(activity.activity_type_id),
      deadline,
      state: deadline === today() ? 'today' : deadline < today() ? 'overdue' : 'planned',
      owner: expectedRef(activity.user_id),
      res_model: activity.res_model,
      res_id: activity.res_id,
      res_name: activity.res_name,
      note: activity.note || null,
      created_at: new Date(`${String(activity.create_date).replace(' ', 'T')}Z`).toISOString(),
    };
  }

  describe.each(['admin', 'manager', 'rep'] as const)('for %s', (who) => {
    it('GET /opportunities lists exactly the leads of the scope (archived included), as Odoo has them', async () => {
      const items = await opportunities(world[who]);
      const leads = odoo.leads(world[who]);
      expect(ids(items)).toEqual(leadIds(leads));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const lead of leads) expect(byId.get(lead.id)).toEqual(odoo.opportunity(lead));
    });

    it('GET /activities lists exactly the open activities assigned in the scope', async () => {
      const items = await activities(world[who]);
      const expected = odoo.openActivities(world[who]);
      expect(ids(items)).toEqual(leadIds(expected));
      const byId = new Map(items.map((item) => [item.id, item]));
      for (const activity of expected) expect(byId.get(activity.id)).toEqual(expectedActivity(activity));
    });

    it('GET /activities filters by state, computed from the deadline against today', async () => {
      for (const [state, holds] of [
        ['overdue', (d: string) => d < today()],
        ['today', (d: string) => d === today()],
        ['planned', (d: string) => d > today()],
      ] as const) {
        const items = await activities(world[who], { state });
        const expected = odoo.openActivities(world[who]).filter((activity) => holds(activity.date_deadline as string));
        expect({ state, ids: ids(items) }).toEqual({ state, ids: leadIds(expected) });
      }
    });

    it('GET /opportunities/{id} answers a lead of the scope with its open activities, 404 outside it', async () => {
      const lead = odoo.leads(world[who]).find((l) => world.fake.records('mail.activity').some((a) => a.res_id === l.id))!;
      const body = await ok(opportunity(world[who], lead.id));
      const leadActivities = world.fake
        .records('mail.activity')
        .filter((activity) => activity.res_model === 'crm.lead' && activity.res_id === lead.id)
        .sort((a, b) => String(a.date_deadline).localeCompare(String(b.date_deadline)) || a.id - b.id);
      expect(body).toEqual(
        {
          ...odoo.opportunity(lead),
          partner_name: lead.partner_name || null,
          contact_name: lead.contact_name || null,
          email_from: lead.email_from || null,
          phone: lead.phone || null,
          priority: lead.priority,
          lost_reason: expectedRef(lead.lost_reason_id),
          activities: leadActivities.map(expectedActivity),
        },
      );
      const activitiesBody = await ok(activitiesOf(world[who], lead.id));
      expect(activitiesBody).toEqual({ opportunity_id: lead.id, items: leadActivities.map(expectedActivity) });
      if (who !== 'admin') {
        const other = outsideScopeOf(world[who]);
        expect((await opportunity(world[who], other.id)).response?.status).toBe(404);
        expect((await activitiesOf(world[who], other.id)).response?.status).toBe(404);
      }
    });
  });

  it('gives a caller not linked to Odoo empty lists with a hint, and 404 for any record', async () => {
    for (const body of [await opportunityPage(world.unlinked), await activityPage(world.unlinked)]) {
      expect(body).toMatchObject({ items: [], total: 0, hint: expect.stringContaining('not linked to an Odoo user') });
    }
    const body = await opportunityPage(world.admin);
    expect(body).not.toHaveProperty('hint');
    const lead = world.fake.records('crm.lead')[0];
    expect((await opportunity(world.unlinked, lead.id)).response?.status).toBe(404);
  });

  it('filters opportunities by status, type, stage, owner, team, customer, closing date, probability and text', async () => {
    const manager = world.manager;
    const leads = odoo.leads(manager);
    const check = async (query: api.ListOpportunitiesData['query'], keep: (lead: ReadRecord) => boolean) => {
      const items = await opportunities(manager, query);
      const expected = leads.filter(keep);
      expect({ query, ids: ids(items) }).toEqual({ query, ids: leadIds(expected) });
      return expected.length;
    };
    const owner = idOf(leads.find((lead) => lead.user_id)!.user_id)!;
    const partner = idOf(leads.find((lead) => lead.partner_id)!.partner_id)!;
    const customer = String(leads.find((lead) => lead.partner_id)!.partner_name).slice(0, 6);
    const counts = [
      await check({ status: 'won' }, (l) => odoo.status(l) === 'won'),
      await check({ status: 'lost' }, (l) => odoo.status(l) === 'lost'),
      await check({ status: 'open', type: 'lead' }, (l) => odoo.status(l) === 'open' && l.type === 'lead'),
      await check({ stage_id: 2 }, (l) => idOf(l.stage_id) === 2),
      await check({ owner }, (l) => idOf(l.user_id) === owner),
      await check({ team_id: 3 }, (l) => idOf(l.team_id) === 3),
      await check({ partner_id: partner }, (l) => idOf(l.partner_id) === partner),
      await check({ date_from: today(), date_to: '2099-12-31' }, (l) => !!l.date_deadline && l.date_deadline >= today()),
      await check({ probability_min: 20, probability_max: 50 }, (l) => (l.probability as number) >= 20 && (l.probability as number) <= 50),
      await check({ q: customer.toUpperCase() }, (l) =>
        [l.name, expectedRef(l.partner_id)?.name, l.partner_name].some((text) => String(text || '').toLowerCase().includes(customer.toLowerCase())),
      ),
    ];
    expect(counts.every((count) => count > 0)).toBe(true);
    // Text is matched literally, never as a pattern.
    expect((await opportunityPage(manager, { q: '.*([' })).total).toBe(0);
    // An owner outside the scope gives nothing, not their deals.
    const stranger = idOf(outsideScopeOf(world.rep).user_id)!;
    expect((await opportunityPage(world.rep, { owner: stranger })).total).toBe(0);
  });

  it('sorts by an allowed field either way and pages without overlap', async () => {
    const byRevenue = await opportunities(world.admin, { sort: '-expected_revenue' });
    const revenues = byRevenue.map((item) => item.expected_revenue);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
    const [first, second] = await Promise.all(
      [1, 2].map((page) => opportunityPage(world.admin, { sort: 'name', page, page_size: 25 })),
    );
    const names = [...first.items, ...second.items].map((item) => item.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(50);
    expect(first).toMatchObject({ page: 1, page_size: 25, total: world.fake.records('crm.lead').length });
  });

  it('filters activities by type, owner and deadline range', async () => {
    const open = odoo.openActivities(world.manager);
    const owner = idOf(open[0].user_id)!;
    const check = async (query: api.ListActivitiesData['query'], keep: (activity: ReadRecord) => boolean) => {
      const items = await activities(world.manager, query);
      expect({ query, ids: ids(items) }).toEqual({ query, ids: leadIds(open.filter(keep)) });
    };
    await check({ activity_type_id: 2 }, (a) => idOf(a.activity_type_id) === 2);
    await check({ owner }, (a) => idOf(a.user_id) === owner);
    await check({ date_from: today(), date_to: today() }, (a) => a.date_deadline === today());
    await check({ state: 'overdue', date_from: '2000-01-01', date_to: today() }, (a) => (a.date_deadline as string) < today());
  });

  it("keeps the activities' owner filter inside the caller's scope", async () => {
    const theirs = (owner: number) => odoo.openActivities(world.admin).filter((a) => idOf(a.user_id) === owner);
    const stranger = idOf(odoo.openActivities(world.admin).find((a) => !sees(world.manager, idOf(a.user_id)))!.user_id)!;
    expect(theirs(stranger).length).toBeGreaterThan(0);
    expect(await activityPage(world.manager, { owner: stranger })).toMatchObject({ items: [], total: 0 });
    // An admin asking for the same owner gets their activities: the filter itself works.
    expect(ids(await activities(world.admin, { owner: stranger }))).toEqual(leadIds(theirs(stranger)));
  });

  it.each([
    '/api/opportunities/abc',
    '/api/opportunities/0',
    '/api/opportunities/-3',
    '/api/opportunities/1.5',
    '/api/opportunities/99999999999',
    '/api/activities/opportunity/abc',
  ])('answers 400 to the id in %s', async (url) => {
    const res = await world.app.inject({ method: 'GET', url, headers: world.admin.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_ID' });
  });

  it('answers 404 for an id that does not exist', async () => {
    expect((await opportunity(world.admin, 987654)).response?.status).toBe(404);
    expect((await activitiesOf(world.admin, 987654)).response?.status).toBe(404);
  });

  it('never shows a record deleted in Odoo once the sync has soft-deleted it', async () => {
    const lead = odoo.leads(world.rep).find((l) => l.active)!;
    world.fake.delete('crm.lead', lead.id);
    const log = await runSync(world.app, world.admin.headers, { entities: ['opportunity'] });
    expect(log.stats.opportunity.deleted).toBe(1);
    for (const caller of [world.admin, world.manager, world.rep]) {
      const items = await opportunities(caller, { owner: idOf(lead.user_id)! });
      expect(items.map((item) => item.id)).not.toContain(lead.id);
      expect((await opportunity(caller, lead.id)).response?.status).toBe(404);
    }
  });
});
