import { LOCALES, type Locale } from '../../domain/locale.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, nullable, required } from './fields.ts';

/**
 * An announcement's status message in the sender's chat (`_id` is the outbox campaign), so that after a restart the
 * app goes on editing it until every delivery has ended.
 */
export interface AnnouncementProgressDocument {
  _id: string;
  platform: Platform;
  chatId: string;
  locale: Locale;
  /** Null until the message is posted. */
  messageId: number | null;
  endedAt: Date | null;
  createdAt: Date;
}

export const announcementProgressSchema = collectionSchema<AnnouncementProgressDocument>('announcement_progress', {
  ...required({ _id: String, chatId: String, createdAt: Date }),
  ...nullable({ messageId: Number, endedAt: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
  locale: { type: String, enum: LOCALES, required: true },
});

// A start looks for the recent ones still sending.
announcementProgressSchema.index({ endedAt: 1, createdAt: 1 });
