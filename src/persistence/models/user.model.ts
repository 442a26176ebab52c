import { LOCALES, type Locale } from '../../domain/locale.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

/**
 * A person who has written to one of the bots; `_id` is the user key `"<platform>:<platformUserId>"`. Only what the
 * bot needs to answer them: their platform profile (name, username) is not stored, since nothing may be stored about
 * a person before they consent (the coordinator record takes the name at a request or an appointment).
 */
export interface UserDocument {
  _id: string;
  platform: Platform;
  platformUserId: string;
  chatId: string;
  /** null until the user chooses a language. */
  locale: Locale | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** The user blocked the bot, so messages to them fail permanently. */
  blockedBot: boolean;
  blockedByAdmin: boolean;
  /** Set on a person's other messenger accounts: the key of their volunteer record (see domain/identity). */
  personKey?: string;
}

export const userSchema = collectionSchema<UserDocument>('users', {
  ...required({ _id: String, platformUserId: String, chatId: String, createdAt: Date, lastSeenAt: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
  locale: { type: String, enum: [...LOCALES, null], default: null },
  blockedBot: { type: Boolean, default: false },
  blockedByAdmin: { type: Boolean, default: false },
  personKey: { type: String, required: false },
});
