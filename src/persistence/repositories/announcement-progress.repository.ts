import { isDuplicateKeyError } from '../errors.ts';
import type { AnnouncementProgressDocument } from '../models/announcement-progress.model.ts';
import type { Models } from '../models/index.ts';

export type FollowedAnnouncement = Omit<AnnouncementProgressDocument, '_id' | 'endedAt' | 'createdAt'> & {
  campaignId: string;
};

/** Which announcements' status messages are still being kept current, and where they are. */
export interface AnnouncementProgressRepository {
  /** Starts following a campaign's status message in this chat; a second call for the same campaign keeps the first. */
  follow(record: Omit<FollowedAnnouncement, 'messageId'>, at: Date): Promise<void>;
  posted(campaignId: string, messageId: number): Promise<void>;
  ended(campaignId: string, at: Date): Promise<void>;
  /** Those created since `since` whose deliveries had not all ended when last shown. */
  listFollowed(since: Date): Promise<FollowedAnnouncement[]>;
}

export function createAnnouncementProgressRepository(models: Models): AnnouncementProgressRepository {
  const { announcementProgress } = models;
  return {
    async follow({ campaignId, ...chat }, at) {
      try {
        await announcementProgress.create({ _id: campaignId, ...chat, messageId: null, endedAt: null, createdAt: at });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    },
    async posted(campaignId, messageId) {
      await announcementProgress.updateOne({ _id: campaignId }, { $set: { messageId } });
    },
    async ended(campaignId, at) {
      await announcementProgress.updateOne({ _id: campaignId }, { $set: { endedAt: at } });
    },
    async listFollowed(since) {
      const docs = await announcementProgress
        .find({ endedAt: null, createdAt: { $gte: since } })
        .lean<AnnouncementProgressDocument[]>();
      return docs.map(({ _id, platform, chatId, locale, messageId }) => ({
        campaignId: _id,
        platform,
        chatId,
        locale,
        messageId,
      }));
    },
  };
}
