import type { Platform } from '../../domain/platform.ts';
import type { Models } from '../models/index.ts';
import type { MessageDirection, MessageDocument, MessageKind } from '../models/message.model.ts';

export type { MessageDirection, MessageKind };

export interface MessageLogEntry {
  platform: Platform;
  chatId: string;
  direction: MessageDirection;
  kind: MessageKind;
  text?: string | undefined;
  callbackData?: string | undefined;
  messageId?: number | undefined;
  updateId?: number | undefined;
  at: Date;
}

export interface LoggedMessage extends MessageLogEntry {
  id: string;
}

export interface MessageLogRepository {
  record(entry: MessageLogEntry): Promise<void>;
  recordMany(entries: readonly MessageLogEntry[]): Promise<void>;
  /** Deletes entries older than `date` (FerretDB has no TTL indexes); returns how many. */
  purgeOlderThan(date: Date): Promise<number>;
  /** The chat's latest `limit` entries, oldest first. */
  forChat(platform: Platform, chatId: string, limit: number): Promise<LoggedMessage[]>;
  /** Deletes the chat's whole log; returns how many entries. */
  deleteForChat(platform: Platform, chatId: string): Promise<number>;
}

const withoutUndefined = (entry: MessageLogEntry) =>
  Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as MessageLogEntry;

function toLoggedMessage(doc: MessageDocument): LoggedMessage {
  const { _id, ...entry } = doc;
  return { id: _id.toHexString(), ...entry };
}

export function createMessageLogRepository(models: Models): MessageLogRepository {
  const { messages } = models;
  return {
    async record(entry) {
      await messages.create(entry);
    },
    async recordMany(entries) {
      if (entries.length === 0) return;
      // Lean: two entries per update, each made a mongoose document and validated, cost more CPU than the insert.
      // The entries are typed already; an undefined field is left out, as mongoose leaves it out.
      await messages.insertMany(entries.map(withoutUndefined), { ordered: false, lean: true });
    },
    async purgeOlderThan(date) {
      const { deletedCount } = await messages.deleteMany({ at: { $lt: date } });
      return deletedCount;
    },
    async forChat(platform, chatId, limit) {
      // `_id` breaks ties between entries logged in the same millisecond, in insertion order.
      const docs = await messages
        .find({ platform, chatId })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<MessageDocument[]>();
      return docs.reverse().map(toLoggedMessage);
    },
    async deleteForChat(platform, chatId) {
      const { deletedCount } = await messages.deleteMany({ platform, chatId });
      return deletedCount;
    },
  };
}
