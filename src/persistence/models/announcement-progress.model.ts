import { Schema } from 'mongoose';
import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';

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

export const announcementProgressSchema = new Schema<AnnouncementProgressDocument>(
  {
    _id: { type: String, required: true },
    platform: { type: String, enum: ['telegram', 'bale'], required: true },
    chatId: { type: String, required: true },
    locale: { type: String, enum: ['fa', 'en'], required: true },
    messageId: { type: Number, default: null },
    endedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'announcement_progress', versionKey: false },
);

// A start looks for the recent ones still sending.
announcementProgressSchema.index({ endedAt: 1, createdAt: 1 });
