import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { getJson, sees, startSalesWorld, type Caller, type SalesWorld } from './sales-world.js';

describe('POST /api/opportunities', () => {
  let world: SalesWorld;

  beforeAll(async () => {
    world = await startSalesWorld();
  }, 120_000);
  afterAll(() => world.stop());
  beforeEach(() => world.fake.clearFaults());

  const post = (caller: Caller, payload: object) =>
    world.app.inject({ method: 'POST', url: '/api/opportunities', headers: caller.headers, payload });
  const storedLeads = () =>
    world.app.get<Connection>(getConnectionToken()).db!.collection('data_lake_serving').countDocuments({ entity_type: 'opportunity' });
  const odooLeads = () => world.fake.records('crm.lead').length;
  /** A rep's own Odoo user: the only one in their scope. */
  const userOf = (caller: Caller) => [...caller.odooUserIds!][0];
  const customer = () => world.fake.records('res.partner').find((partner) => partner.is_company && partner.id > 4)!;

  /** Runs `act` and checks that it created nothing, neither in Odoo nor here. */
  async function createsNothing(act: () => Promise<void>) {
    const [inOdoo, stored] = [odooLeads(), await storedLeads()];
    await act();
    expect([odooLeads(), await storedLeads()]).toEqual([inOdoo, stored]);
  }

  it('creates the opportunity in Odoo with the caller as salesperson, stores it and answers 201 with it', async () => {
    const rep = world.rep;
    const partner = customer();
    const res = await post(rep, { name: 'Conference room refit', partner_id: partner.id, expected_revenue: 12500.5, probability: 30, expected_close: '2027-03-15' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const lead = world.fake.record('crm.lead', body.id)!;
    expect(lead).toMatchObject({ name: 'Conference room refit', user_id: [userOf(rep), expect.any(String)], partner_id: [partner.id, partner.name] });
    expect(body).toMatchObject({
      name: 'Conference room refit',
      type: 'opportunity',
      status: 'open',
      partner: { id: partner.id, name: partner.name },
      owner: { id: userOf(rep) },
      expected_revenue: 12500.5,
      probability: 30,
      weighted_revenue: 3750.15,
      expected_close: '2027-03-15',
      active: true,
    });
    expect(await getJson(world, rep, `/api/opportunities/${body.id}`)).toMatchObject({ id: body.id, name: 'Conference room refit' });
  });

  it('lets a manager assign someone of their team, and nobody assign anyone outside their scope', async () => {
    const report = [...world.manager.odooUserIds!].find((id) => !world.rep.odooUserIds!.has(id))!;
    const res = await post(world.manager, { name: 'Team deal', owner_id: report, type: 'lead' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ owner: { id: report }, type: 'lead' });

    const stranger = world.fake.records('res.users').find((user) => !user.share && !sees(world.manager, user.id))!.id;
    await createsNothing(async () => {
      const refused = await post(world.rep, { name: 'Not mine to give', owner_id: report });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'OWNER_OUT_OF_SCOPE' });
      expect((await post(world.manager, { name: 'Nor mine', owner_id: stranger })).json()).toMatchObject({ status: 403, code: 'OWNER_OUT_OF_SCOPE' });
    });
    const byAdmin = await post(world.admin, { name: 'Assigned by an admin', owner_id: stranger });
    expect(byAdmin.statusCode).toBe(201);
  });

  it('refuses a caller not linked to Odoo (an admin too, unless they name the owner) with a hint', async () => {
    await createsNothing(async () => {
      for (const caller of [world.unlinked, world.admin]) {
        const res = await post(caller, { name: 'Orphan deal' });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'ODOO_NOT_LINKED', context: { hint: expect.stringContaining('relink-odoo') } });
      }
      expect((await post(world.unlinked, { name: 'Orphan deal', owner_id: userOf(world.rep) })).statusCode).toBe(403);
    });
  });

  it.each([
    [{}],
    [{ name: '   ' }],
    [{ name: 'x'.repeat(201) }],
    [{ name: 'Deal', probability: 150 }],
    [{ name: 'Deal', expected_revenue: -1 }],
    [{ name: 'Deal', expected_revenue: 10.001 }],
    [{ name: 'Deal', expected_close: '2027-13-01' }],
    [{ name: 'Deal', expected_close: '15/03/2027' }],
    [{ name: 'Deal', partner_id: '12' }],
    [{ name: 'Deal', partner_id: { $gt: 0 } }],
    [{ name: 'Deal', type: 'deal' }],
    [{ name: 'Deal', user_id: 7 }],
  ])('answers 400 to %j and creates nothing', async (payload) => {
    await createsNothing(async () => {
      const res = await post(world.rep, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  it('answers 422 with Odoo\'s message when Odoo refuses the values, and stores nothing', async () => {
    await createsNothing(async () => {
      const res = await post(world.rep, { name: 'Ghost customer', partner_id: 987654 });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'ODOO_VALIDATION_FAILED', message: expect.stringContaining('crm.lead') });
    });
  });

  it('answers 503 while Odoo is unreachable, and stores nothing', async () => {
    world.fake.setFaults({ htmlErrorRate: 1 });
    await createsNothing(async () => {
      const res = await post(world.rep, { name: 'During the outage' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'ODOO_UNAVAILABLE' });
    });
    world.fake.clearFaults();
    expect(world.fake.records('crm.lead').some((lead) => lead.name === 'During the outage')).toBe(false);
  });
});
