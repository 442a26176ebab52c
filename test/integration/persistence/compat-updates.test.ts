import { describe, expect, it } from 'vitest';
import { isDuplicateKeyError } from '../../../src/persistence/errors.ts';
import { createTestDatabase } from '../../support/database.ts';

interface Counter {
  _id: string;
  name?: string;
  count?: number;
  createdBy?: string;
}

const database = await createTestDatabase();
const counters = database.connection.collection<Counter>('compat_counters');

/** The pattern the repositories use: an upsert that retries when a concurrent insert of the same _id wins. */
async function upsertWithRetry(id: string, writer: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await counters.updateOne(
        { _id: id },
        { $set: { name: writer }, $setOnInsert: { createdBy: writer } },
        { upsert: true },
      );
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
    }
  }
}

describe('upsert', () => {
  it('when no document has the _id, then an upsert inserts it with the $setOnInsert fields', async () => {
    const result = await counters.updateOne(
      { _id: 'fresh' },
      { $set: { name: 'a' }, $setOnInsert: { createdBy: 'first' } },
      { upsert: true },
    );
    expect(result.upsertedCount).toBe(1);
    expect(await counters.findOne({ _id: 'fresh' })).toEqual({ _id: 'fresh', name: 'a', createdBy: 'first' });
  });

  it('when the document exists, then an upsert updates $set fields and leaves $setOnInsert fields alone', async () => {
    await counters.insertOne({ _id: 'existing', name: 'old', createdBy: 'original' });
    const result = await counters.updateOne(
      { _id: 'existing' },
      { $set: { name: 'new' }, $setOnInsert: { createdBy: 'second' } },
      { upsert: true },
    );
    expect(result.matchedCount).toBe(1);
    expect(result.upsertedCount).toBe(0);
    expect(await counters.findOne({ _id: 'existing' })).toEqual({
      _id: 'existing',
      name: 'new',
      createdBy: 'original',
    });
  });

  it('when 20 writers upsert one new _id at once and retry on duplicates, then all succeed and one document exists', async () => {
    const writers = Array.from({ length: 20 }, (_, index) => `writer-${index}`);
    await Promise.all(writers.map((writer) => upsertWithRetry('contended', writer)));
    const docs = await counters.find({ _id: 'contended' }).toArray();
    expect(docs).toHaveLength(1);
    expect(writers).toContain(docs[0]?.createdBy);
  });
});

describe('update operators', () => {
  it('when $inc is applied in sequence, then the count adds up, starting from a missing field', async () => {
    await counters.insertOne({ _id: 'inc' });
    for (let step = 0; step < 5; step += 1) await counters.updateOne({ _id: 'inc' }, { $inc: { count: 2 } });
    expect((await counters.findOne({ _id: 'inc' }))?.count).toBe(10);
  });

  it('when $set and $unset are combined, then one field changes and the other disappears', async () => {
    await counters.insertOne({ _id: 'set-unset', name: 'n', createdBy: 'c' });
    await counters.updateOne({ _id: 'set-unset' }, { $set: { name: 'm' }, $unset: { createdBy: 1 } });
    expect(await counters.findOne({ _id: 'set-unset' })).toEqual({ _id: 'set-unset', name: 'm' });
  });

  it('when an update matches nothing and is not an upsert, then matchedCount is 0 and nothing is created', async () => {
    const result = await counters.updateOne({ _id: 'absent' }, { $set: { name: 'x' } });
    expect(result.matchedCount).toBe(0);
    expect(await counters.countDocuments({ _id: 'absent' })).toBe(0);
  });
});
