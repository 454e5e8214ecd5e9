import { covered, queriesIn, type Direction, type IndexSpec, type Query } from './index-coverage.js';

const index = (key: Record<string, Direction>, unique = false): IndexSpec => ({ key: Object.entries(key), unique });
const find = (filter: object, sort: Record<string, Direction> = {}): Query => ({ collection: 'c', command: 'find', filter, sort: Object.entries(sort) });

describe('the equality-sort-range check', () => {
  const byOwnerThenCreated = [index({ type: 1, owner: 1, created: -1, _id: 1 })];

  it.each([
    ['equality on the leading keys, in another order', find({ owner: 3, type: 'deal' }), byOwnerThenCreated],
    ['$in as equality', find({ type: 'deal', owner: { $in: [1, 2] } }), byOwnerThenCreated],
    ['the sort right after the equality keys', find({ type: 'deal', owner: 3 }, { created: -1, _id: 1 }), byOwnerThenCreated],
    ['the sort all reversed', find({ type: 'deal', owner: 3 }, { created: 1, _id: -1 }), byOwnerThenCreated],
    ['a sort on an equality field left out', find({ type: 'deal', owner: 3 }, { owner: 1, created: -1 }), byOwnerThenCreated],
    ['an equality field beyond the index, checked on the records it yields', find({ type: 'deal', stage: 4 }), byOwnerThenCreated],
    ['a range after the equality keys', find({ type: 'deal', owner: 3, created: { $gte: 1 } }), byOwnerThenCreated],
    ['a range after the sort', find({ type: 'deal', day: { $lt: '2026' } }, { owner: 1 }), [index({ type: 1, owner: 1, day: 1 })]],
    ['a range on the sort field', find({ created: { $gte: 1 } }, { created: -1 }), [index({ created: -1 })]],
    ['a range alone on the first key', find({ created: { $lt: 5 } }), [index({ created: 1 })]],
    ['a negation, checked on the records the index yields', find({ type: 'deal', stage: { $ne: null } }), byOwnerThenCreated],
    ['a unique index matched whole, whatever else', find({ _id: 7, expires: { $lt: 1 } }, { other: 1 }), [index({ _id: 1 }, true)]],
    ['each $or branch by an index of its own', find({ $or: [{ a: 1 }, { b: { $gt: 2 } }] }), [index({ a: 1 }), index({ b: 1 })]],
    ['an $or beside fields an index serves', find({ type: 'deal', $or: [{ x: 1 }, { y: 2 }] }, { owner: 1 }), byOwnerThenCreated],
    ['equality inside $and', find({ $and: [{ type: 'deal' }, { owner: 1 }] }, { created: -1, _id: 1 }), byOwnerThenCreated],
  ])('serves %s', (_case, query, indexes) => {
    expect(covered(query, indexes)).toBe(true);
  });

  it.each([
    ['no index at all', find({ type: 'deal' }), []],
    ['no equality on the first key', find({ owner: 3 }), byOwnerThenCreated],
    ['the sort in another direction', find({ type: 'deal', owner: 3 }, { created: -1, _id: -1 }), byOwnerThenCreated],
    ['the sort fields in another order', find({ type: 'deal', owner: 3 }, { _id: 1, created: -1 }), byOwnerThenCreated],
    ['a sort on a key the equality skips', find({ type: 'deal' }, { created: -1, _id: 1 }), byOwnerThenCreated],
    ['a sort longer than the index', find({ type: 'deal', owner: 3 }, { created: -1, _id: 1, name: 1 }), byOwnerThenCreated],
    ['a range before the sort', find({ type: 'deal', day: { $gte: '2026' } }, { owner: 1 }), [index({ type: 1, day: 1, owner: 1 })]],
    ['a range on a field the index lacks', find({ type: 'deal', owner: 3, amount: { $gt: 0 } }), byOwnerThenCreated],
    ['a regex on a field the index lacks', find({ type: 'deal', name: /acme/ }), byOwnerThenCreated],
    ['a range alone on a later key', find({ created: { $gte: 1 } }), byOwnerThenCreated],
    ['a unique index matched in part', find({ a: 1 }, { z: 1 }), [index({ a: 1, b: 1 }, true)]],
    ['an $or branch no index serves', find({ $or: [{ a: 1 }, { b: 2 }] }), [index({ a: 1 })]],
    ['an empty filter', find({}), byOwnerThenCreated],
  ])('refuses %s', (_case, query, indexes) => {
    expect(covered(query, indexes)).toBe(false);
  });
});

describe('the queries of a command', () => {
  it('reads the leading $match stages and the $sort after them', () => {
    const pipeline = [{ $match: { type: 'deal' } }, { $match: { owner: 1 } }, { $sort: { created: -1 } }, { $group: { _id: null } }];
    expect(queriesIn('aggregate', { aggregate: 'c', pipeline }, 'c')).toEqual([
      { collection: 'c', command: 'aggregate', filter: { $and: [{ type: 'deal' }, { owner: 1 }] }, sort: [['created', -1]] },
    ]);
  });

  it('reads each statement of an update and the sort the driver hands over as a Map', () => {
    expect(queriesIn('update', { update: 'c', updates: [{ q: { a: 1 } }, { q: { b: 2 } }] }, 'c').map((query) => query.filter)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(queriesIn('find', { find: 'c', filter: {}, sort: new Map([['x', -1]]) }, 'c')[0].sort).toEqual([['x', -1]]);
  });

  it('has none in an insert', () => {
    expect(queriesIn('insert', { insert: 'c', documents: [{}] }, 'c')).toEqual([]);
  });
});
