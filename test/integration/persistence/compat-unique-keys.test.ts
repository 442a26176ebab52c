import { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isDuplicateKeyError } from '../../../src/persistence/errors.ts';
import { createTestDatabase } from '../../support/database.ts';

// Claims (processed updates, job runs, first user insert) rely on a unique key rejecting the second writer.
const database = await createTestDatabase();
const claims = database.connection.collection<{ _id: string; by?: number }>('compat_claims');

const pairSchema = new Schema({ a: { type: String, required: true }, b: { type: String, required: true } });
pairSchema.index({ a: 1, b: 1 }, { unique: true });
const Pair = database.connection.model('CompatPair', pairSchema, 'compat_pairs');
await Pair.createIndexes();

async function attempt(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('unique _id insert', () => {
  it('when the same _id is inserted twice in a row, then the second insert fails with a duplicate key error', async () => {
    await claims.insertOne({ _id: 'sequential' });
    const error = await attempt(() => claims.insertOne({ _id: 'sequential' }));
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await claims.countDocuments({ _id: 'sequential' })).toBe(1);
  });

  it('when 20 writers insert the same _id at once, then exactly one wins and the others get duplicate key errors', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, by) => claims.insertOne({ _id: 'concurrent', by })),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((result) => isDuplicateKeyError(result.reason))).toBe(true);
    expect(await claims.countDocuments({ _id: 'concurrent' })).toBe(1);
  });

  it('when a batch with a duplicate _id is inserted unordered, then the rest is stored and the error is a duplicate', async () => {
    await claims.insertOne({ _id: 'batch-existing' });
    const error = await attempt(() =>
      claims.insertMany([{ _id: 'batch-new-1' }, { _id: 'batch-existing' }, { _id: 'batch-new-2' }], {
        ordered: false,
      }),
    );
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await claims.countDocuments({ _id: { $in: ['batch-new-1', 'batch-new-2', 'batch-existing'] } })).toBe(3);
  });
});

describe('compound unique index', () => {
  it('when a second document repeats both fields, then the insert fails with a duplicate key error', async () => {
    await Pair.create({ a: 'x', b: 'y' });
    const error = await attempt(() => Pair.create({ a: 'x', b: 'y' }));
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await Pair.countDocuments({ a: 'x', b: 'y' })).toBe(1);
  });

  it('when documents share only one of the fields, then both are stored', async () => {
    await Pair.create({ a: 'p', b: 'q' });
    await Pair.create({ a: 'p', b: 'r' });
    expect(await Pair.countDocuments({ a: 'p' })).toBe(2);
  });

  it('when an update makes a document collide with another, then the error is recognised as a duplicate key', async () => {
    await Pair.create({ a: 'm', b: 'n' });
    const other = await Pair.create({ a: 'm', b: 'o' });
    // FerretDB answers this one with InternalError (code 1), MongoDB with E11000.
    const error = await attempt(() => Pair.updateOne({ _id: other._id }, { $set: { b: 'n' } }));
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await Pair.countDocuments({ a: 'm', b: 'n' })).toBe(1);
  });

  it('when a write fails for another reason, then it is not taken for a duplicate key', async () => {
    await Pair.create({ a: 'not a number', b: 'z' });
    const error = await attempt(() => Pair.collection.updateOne({ a: 'not a number' }, { $inc: { a: 1 } }));
    expect(error).toBeDefined();
    expect(isDuplicateKeyError(error)).toBe(false);
  });
});
