import type { Query } from './index-coverage.js';

// The exceptions to the index check (query-coverage.ts), each with what bounds it. Adding one is a decision: say why.

/** Range fields no index needs to bound: MongoDB checks them on the records the index yields for the rest. */
export const UNINDEXED_RANGES: { collection: string; fields: string[]; reason: string }[] = [
  {
    collection: 'data_lake_serving',
    fields: ['search_text'],
    reason:
      'The free-text search `q` is a substring regex no index can bound. It is checked on the records the caller\'s ' +
      'scope and the list\'s order yield: a page stops at page_size matches, its total reads the whole scope.',
  },
  {
    collection: 'data_lake_serving',
    fields: ['probability', 'date', 'due_date'],
    reason:
      'Optional ranges of the lists (an opportunity\'s probability and expected closing, an activity\'s deadline, an ' +
      'invoice\'s aging bucket) when the list is not in that field\'s order: checked on the records of the caller\'s ' +
      'scope in the list\'s order, as the equality filters are.',
  },
];

/** A list's default order (sortSpec), served by an index; other orders are the caller's choice (below). */
const DEFAULT_ORDERS: Record<string, string> = {
  opportunity: 'odoo_created_at:-1,_id:1',
  activity: 'date:1,_id:1',
  invoice: 'due_date:1,_id:1',
  account: 'name:1,_id:1',
};

const orderOf = (query: Query) => query.sort.map(([field, direction]) => `${field}:${direction}`).join();

/** Queries allowed whatever their shape. */
export const ALLOWED_QUERIES: { collection: string; matches: (query: Query) => boolean; reason: string }[] = [
  {
    collection: 'data_lake_serving',
    matches: (query) => query.sort.length > 0 && DEFAULT_ORDERS[query.filter.entity_type as string] !== orderOf(query),
    reason:
      'A list in an order the caller picks instead of its default (opportunities by expected closing, revenue, ' +
      'probability, closing or name; activities by creation; receivables by amount, name or date; any list ' +
      'reversed): MongoDB sorts the matching records of the caller\'s scope in memory, keeping page x page_size of ' +
      'them. Bounded by the scope, not the page; an index per order and direction would slow every sync write.',
  },
  {
    collection: 'data_lake_serving',
    matches: (query) => query.command === 'update' && 'last_aggregated' in query.filter,
    reason:
      'After a run that read a whole entity, one update marks its live records not seen since the run began ' +
      '(DataLakeWriter.touchLiveSince): a pass over the entity by design, once per full run.',
  },
  ...['sync_lease', 'sync_state', 'webhook_counters'].map((collection) => ({
    collection,
    matches: () => true,
    reason: 'A handful of documents by design (the one lease; one per entity; the webhook totals and one per Odoo model), read whole.',
  })),
  {
    collection: 'sync_logs',
    matches: (query) => query.command === 'aggregate' && Object.keys(query.filter).length === 0,
    reason:
      'The sync log list\'s total with no filter: MongoDB counts every run and webhook batch logged (they have no ' +
      'expiry). A page itself walks the time index.',
  },
  {
    collection: 'users',
    matches: () => true,
    reason:
      'One document per account, a sales team\'s hundreds at most: the admin lists and their counts filter it whole ' +
      '(their order comes from the unique email index), and the start-up migration of Microsoft identities reads it once.',
  },
  {
    collection: 'audit_events',
    matches: (query) => query.command === 'aggregate' && Object.keys(query.filter).every((field) => field === 'outcome'),
    reason:
      'The audit list\'s total with no filter or by outcome alone (success or failure): MongoDB counts the whole ' +
      'trail, which has no expiry. A page itself walks the time index.',
  },
];

/**
 * Tests' own reads and clean-ups through the app's connection, as a failure names them: they check or reset the
 * database; the app never sends them.
 */
export const TESTS_OWN_QUERIES = [
  'find data_lake_serving {}',
  'find data_lake_serving {"is_active":"?"}',
  'aggregate data_lake_serving {"serving_id":"?"}',
  'update data_lake_serving {"serving_id":"?"}',
  'find audit_events {}',
  'aggregate sync_logs {"trigger":{"$ne":"?"}}',
  'delete sync_logs {}',
];
