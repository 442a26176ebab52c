import { describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../../src/persistence/connection.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();

async function indexKeys(collection: string): Promise<string[]> {
  const indexes = await database.connection.collection(collection).listIndexes().toArray();
  return indexes.map((index) => JSON.stringify(index.key)).sort();
}

describe('index creation at start', () => {
  it('when indexes are ensured, then the message log has its date and per-chat indexes', async () => {
    expect(await indexKeys('messages')).toEqual(['{"_id":1}', '{"at":1}', '{"platform":1,"chatId":1,"at":1}'].sort());
  });

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
