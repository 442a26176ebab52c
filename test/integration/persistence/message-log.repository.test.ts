import { describe, expect, it } from 'vitest';
import {
  createMessageLogRepository,
  type MessageLogEntry,
} from '../../../src/persistence/repositories/message-log.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const messageLog = createMessageLogRepository(database.models);
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));

function entry(chatId: string, minute: number, text: string): MessageLogEntry {
  return { platform: 'bale', chatId, direction: 'in', kind: 'text', text, at: at(minute) };
}

describe('message log', () => {
  it('when entries are recorded, then forChat returns the latest ones of that chat, oldest first', async () => {
    await messageLog.record(entry('c1', 1, 'one'));
    await messageLog.recordMany([entry('c1', 2, 'two'), entry('c2', 3, 'other chat'), entry('c1', 4, 'four')]);
    const latest = await messageLog.forChat('bale', 'c1', 2);
    expect(latest.map((message) => message.text)).toEqual(['two', 'four']);
    expect(latest[0]).toEqual({ ...entry('c1', 2, 'two'), id: expect.any(String) });
  });

  it('when the same chat id exists on both platforms, then forChat keeps them apart', async () => {
    await messageLog.record({ ...entry('shared', 1, 'bale side'), platform: 'bale' });
    await messageLog.record({ ...entry('shared', 2, 'telegram side'), platform: 'telegram' });
    expect((await messageLog.forChat('telegram', 'shared', 10)).map((message) => message.text)).toEqual([
      'telegram side',
    ]);
  });

  it('when an entry has optional fields left undefined, then they are not stored', async () => {
    await messageLog.record({
      platform: 'telegram',
      chatId: 'opt',
      direction: 'out',
      kind: 'callback',
      callbackData: 'menu:help',
      text: undefined,
      messageId: 7,
      at: at(5),
    });
    const [stored] = await messageLog.forChat('telegram', 'opt', 1);
    expect(stored).toEqual({
      id: expect.any(String),
      platform: 'telegram',
      chatId: 'opt',
      direction: 'out',
      kind: 'callback',
      callbackData: 'menu:help',
      messageId: 7,
      at: at(5),
    });
  });

  it('when entries written in one batch have optional fields left undefined, then they are not stored', async () => {
    const batch = { platform: 'bale' as const, chatId: 'opt-batch', direction: 'in' as const, kind: 'text' as const };
    await messageLog.recordMany([
      { ...batch, text: 'hi', callbackData: undefined, updateId: 9, at: at(6) },
      { ...batch, kind: 'other', text: undefined, at: at(7) },
    ]);
    expect(await messageLog.forChat('bale', 'opt-batch', 5)).toEqual([
      { id: expect.any(String), ...batch, text: 'hi', updateId: 9, at: at(6) },
      { id: expect.any(String), ...batch, kind: 'other', at: at(7) },
    ]);
  });

  it('when the log is purged, then entries older than the date are deleted and the count is returned', async () => {
    await messageLog.recordMany([
      entry('purge', 10, 'old'),
      entry('purge', 20, 'older edge'),
      entry('purge', 30, 'new'),
    ]);
    const before = await database.models.messages.countDocuments({ at: { $lt: at(20) } });
    expect(await messageLog.purgeOlderThan(at(20))).toBe(before);
    expect((await messageLog.forChat('bale', 'purge', 10)).map((message) => message.text)).toEqual([
      'older edge',
      'new',
    ]);
  });

  it("when a chat's log is deleted, then only that chat's entries go", async () => {
    await messageLog.recordMany([entry('gone', 40, 'a'), entry('gone', 41, 'b'), entry('kept', 42, 'c')]);
    expect(await messageLog.deleteForChat('bale', 'gone')).toBe(2);
    expect(await messageLog.forChat('bale', 'gone', 10)).toEqual([]);
    expect(await messageLog.forChat('bale', 'kept', 10)).toHaveLength(1);
  });

  it('when recordMany gets no entries, then it does nothing', async () => {
    const before = await database.models.messages.countDocuments();
    await messageLog.recordMany([]);
    expect(await database.models.messages.countDocuments()).toBe(before);
  });
});
