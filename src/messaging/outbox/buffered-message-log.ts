import type { Logger } from '../../logger.ts';
import type { MessageLogEntry, MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';

export interface BufferedMessageLog extends MessageLogRepository {
  /** Stores what is buffered; resolves when it is written. */
  flush(): Promise<void>;
}

/**
 * The message log for a broadcast: `record` returns at once and entries are written together every `intervalMs`
 * (or every `maxEntries`), so logging costs the sender one insert per batch instead of one round trip per message.
 * Entries still buffered when the process dies are lost; the deliveries themselves are not.
 */
export function createBufferedMessageLog(
  inner: MessageLogRepository,
  logger: Logger,
  options: { intervalMs?: number; maxEntries?: number } = {},
): BufferedMessageLog {
  const intervalMs = options.intervalMs ?? 500;
  const maxEntries = options.maxEntries ?? 500;
  let buffer: MessageLogEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const entries = buffer;
    buffer = [];
    if (entries.length === 0) return writing;
    writing = writing
      .then(() => inner.recordMany(entries))
      .catch((error: unknown) =>
        logger.warn({ err: error, entries: entries.length }, 'could not write the message log'),
      );
    return writing;
  };

  return {
    async record(entry) {
      buffer.push(entry);
      if (buffer.length >= maxEntries) void write();
      else timer ??= setTimeout(() => void write(), intervalMs);
    },
    async recordMany(entries) {
      buffer.push(...entries);
      if (buffer.length >= maxEntries) void write();
      else timer ??= setTimeout(() => void write(), intervalMs);
    },
    flush: write,
    purgeOlderThan: (date) => inner.purgeOlderThan(date),
    forChat: async (platform, chatId, limit) => {
      await write();
      return inner.forChat(platform, chatId, limit);
    },
    deleteForChat: async (platform, chatId) => {
      await write();
      return inner.deleteForChat(platform, chatId);
    },
  };
}
