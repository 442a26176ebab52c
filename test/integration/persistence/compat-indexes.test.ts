import { describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../../src/persistence/connection.ts';
import { serverKind } from '../../../src/persistence/server-kind.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const onFerretdb = (await serverKind(database.connection)) === 'ferretdb';

/** A collection's indexes; one never written to (none made by the rule on FerretDB) exists without any. */
async function indexKeys(collection: string): Promise<string[]> {
  const indexes = await database.connection
    .collection(collection)
    .listIndexes()
    .toArray()
    .catch(() => [{ key: { _id: 1 } }]);
  return indexes.map((index) => JSON.stringify(index.key)).sort();
}

describe('index creation at start', () => {
  it('when indexes are ensured, then the message log has its date and per-chat indexes on MongoDB, and only `_id` on FerretDB', async () => {
    // FerretDB reads through none but `_id` and the unique ones; each other index only slows its writes.
    const declared = onFerretdb ? [] : ['{"at":1}', '{"platform":1,"chatId":1,"at":1}'];
    expect(await indexKeys('messages')).toEqual(['{"_id":1}', ...declared].sort());
  });

  it.runIf(onFerretdb)(
    'when an earlier start made plain indexes on FerretDB, then they are dropped and the unique ones stay',
    async () => {
      await database.connection.collection('messages').createIndex({ at: 1 });
      await ensureIndexes(database.models);
      expect(await indexKeys('messages')).toEqual(['{"_id":1}']);
      const bases = await database.connection.collection('bases').listIndexes().toArray();
      expect(bases.filter((index) => index.unique).map((index) => JSON.stringify(index.key))).toEqual([
        '{"sameKey":1}',
      ]);
    },
  );

  it('when indexes are ensured again on a database with data, then it succeeds and nothing changes', async () => {
    await database.models.messages.create({
      platform: 'bale',
      chatId: '1',
      direction: 'in',
      kind: 'text',
      text: 'سلام',
      at: new Date(),
    });
    const before = await indexKeys('messages');
    await ensureIndexes(database.models);
    await ensureIndexes(database.models);
    expect(await indexKeys('messages')).toEqual(before);
    expect(await database.models.messages.countDocuments()).toBe(1);
  });
});
