import type { Platform } from '../../domain/platform.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';

export interface ProcessedUpdateRepository {
  /**
   * True the first time an update is claimed, false for a redelivery of one already claimed. Update ids count per
   * bot, so a new token (or a restarted sandbox) starts a fresh sequence that must not collide with the old one.
   */
  claim(platform: Platform, botId: number, updateId: number): Promise<boolean>;
  /** Forgets claims made before `date`; returns how many. */
  purgeOlderThan(date: Date): Promise<number>;
}

export function createProcessedUpdateRepository(
  models: Models,
  options: { now?: () => Date } = {},
): ProcessedUpdateRepository {
  const { processedUpdates } = models;
  const now = options.now ?? (() => new Date());
  return {
    async claim(platform, botId, updateId) {
      // A unique `_id` insert is atomic on MongoDB and FerretDB alike, unlike a find-then-write.
      try {
        await processedUpdates.create({ _id: `${platform}:${botId}:${updateId}`, at: now() });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async purgeOlderThan(date) {
      const { deletedCount } = await processedUpdates.deleteMany({ at: { $lt: date } });
      return deletedCount;
    },
  };
}
