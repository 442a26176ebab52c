import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/database.ts';

interface Entry {
  _id: string;
  at: Date;
  chat: string;
}

const database = await createTestDatabase();
const entries = database.connection.collection<Entry>('compat_entries');
const day = (n: number) => new Date(Date.UTC(2026, 0, n));

await entries.insertMany([
  { _id: 'e1', at: day(1), chat: 'a' },
  { _id: 'e2', at: day(2), chat: 'b' },
  { _id: 'e3', at: day(3), chat: 'a' },
  { _id: 'e4', at: day(4), chat: 'c' },
  { _id: 'e5', at: day(5), chat: 'b' },
]);

describe('queries the repositories rely on', () => {
  it('when counting with a filter, then countDocuments counts only the matches', async () => {
    expect(await entries.countDocuments({ chat: 'a' })).toBe(2);
    expect(await entries.countDocuments({ at: { $gte: day(3) } })).toBe(3);
  });

  it('when filtering with $in, then documents with any listed value match', async () => {
    const found = await entries.find({ chat: { $in: ['a', 'c'] } }).toArray();
    expect(found.map((entry) => entry._id).sort()).toEqual(['e1', 'e3', 'e4']);
    const byId = await entries.find({ _id: { $in: ['e2', 'e5', 'missing'] } }).toArray();
    expect(byId.map((entry) => entry._id).sort()).toEqual(['e2', 'e5']);
  });

  it('when sorting by date descending with a limit, then the latest documents come back in that order', async () => {
    const latest = await entries.find({}).sort({ at: -1 }).limit(2).toArray();
    expect(latest.map((entry) => entry._id)).toEqual(['e5', 'e4']);
  });
});

describe('purge by date (no TTL indexes on FerretDB)', () => {
  it('when deleting documents older than a date, then exactly those go and deletedCount says how many', async () => {
    const purge = database.connection.collection<Entry>('compat_purge');
    await purge.insertMany([
      { _id: 'old-1', at: day(1), chat: 'a' },
      { _id: 'old-2', at: day(2), chat: 'a' },
      { _id: 'edge', at: day(3), chat: 'a' },
      { _id: 'new', at: day(4), chat: 'a' },
    ]);
    const { deletedCount } = await purge.deleteMany({ at: { $lt: day(3) } });
    expect(deletedCount).toBe(2);
    const left = await purge.find({}).toArray();
    expect(left.map((entry) => entry._id).sort()).toEqual(['edge', 'new']);
  });
});
