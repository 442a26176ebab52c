import type { Platform } from '../../config.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { UserDocument, UserLocale } from '../models/user.model.ts';

export type { UserLocale };

export interface User {
  /** `"<platform>:<platformUserId>"`. */
  key: string;
  platform: Platform;
  platformUserId: string;
  chatId: string;
  firstName: string;
  lastName?: string;
  username?: string;
  /** null until the user chooses a language. */
  locale: UserLocale | null;
  createdAt: Date;
  lastSeenAt: Date;
  blockedBot: boolean;
  blockedByAdmin: boolean;
}

/** What an incoming update tells us about its sender. */
export interface SeenUser {
  platform: Platform;
  platformUserId: string;
  chatId: string;
  firstName: string;
  lastName?: string | undefined;
  username?: string | undefined;
}

export interface UserRepository {
  /** Creates the user on first contact, else refreshes their profile and last-seen time; returns the stored user. */
  upsertSeen(seen: SeenUser): Promise<User>;
  get(userKey: string): Promise<User | undefined>;
  setLocale(userKey: string, locale: UserLocale): Promise<void>;
  /** Records whether the user has blocked the bot (sends to them fail permanently while they have). */
  markBlockedBot(userKey: string, blocked: boolean): Promise<void>;
  /** An admin blocks or unblocks a user (blocked users get no answer at all); false when there is no such user. */
  setBlockedByAdmin(userKey: string, blocked: boolean): Promise<boolean>;
  /** Forgets the user's name and profile; returns false when there was no such user. */
  deletePersonalData(userKey: string): Promise<boolean>;
}

export function userKey(platform: Platform, platformUserId: string): string {
  return `${platform}:${platformUserId}`;
}

const MAX_UPSERT_ATTEMPTS = 5;

function toUser(doc: UserDocument): User {
  const { _id, lastName, username, ...rest } = doc;
  return {
    key: _id,
    ...rest,
    ...(lastName === undefined || lastName === null ? {} : { lastName }),
    ...(username === undefined || username === null ? {} : { username }),
  };
}

export function createUserRepository(models: Models, options: { now?: () => Date } = {}): UserRepository {
  const { users } = models;
  const now = options.now ?? (() => new Date());
  const serialize = createKeyedSerializer();

  const read = async (key: string): Promise<User | undefined> => {
    const doc = await users.findById(key).lean<UserDocument>();
    return doc ? toUser(doc) : undefined;
  };

  const seenOnce = async (seen: SeenUser, key: string): Promise<User> => {
    const at = now();
    const profile = {
      chatId: seen.chatId,
      firstName: seen.firstName,
      lastSeenAt: at,
      // Writing to us means they have not blocked us (any more).
      blockedBot: false,
    };
    const absent = {
      ...(seen.lastName === undefined ? { lastName: 1 } : {}),
      ...(seen.username === undefined ? { username: 1 } : {}),
    };
    const present = {
      ...(seen.lastName === undefined ? {} : { lastName: seen.lastName }),
      ...(seen.username === undefined ? {} : { username: seen.username }),
    };
    // Update first, insert when missing, and on an insert conflict (another instance created it meanwhile) update
    // again: each step is a single-document write by `_id`, so nothing relies on findAndModify being atomic.
    for (let attempt = 1; ; attempt += 1) {
      const updated = await users.updateOne(
        { _id: key },
        { $set: { ...profile, ...present }, ...(Object.keys(absent).length > 0 ? { $unset: absent } : {}) },
      );
      if (updated.matchedCount === 0) {
        try {
          await users.create({
            _id: key,
            platform: seen.platform,
            platformUserId: seen.platformUserId,
            ...profile,
            ...present,
            locale: null,
            createdAt: at,
            blockedByAdmin: false,
          });
        } catch (error) {
          if (isDuplicateKeyError(error) && attempt < MAX_UPSERT_ATTEMPTS) continue;
          throw error;
        }
      }
      const user = await read(key);
      if (user) return user;
      // Deleted between our write and read: write again.
      if (attempt >= MAX_UPSERT_ATTEMPTS) throw new Error(`user ${key} vanished while being recorded`);
    }
  };

  return {
    upsertSeen(seen) {
      const key = userKey(seen.platform, seen.platformUserId);
      return serialize(key, () => seenOnce(seen, key));
    },
    get: read,
    setLocale(key, locale) {
      return serialize(key, async () => {
        await users.updateOne({ _id: key }, { $set: { locale } });
      });
    },
    markBlockedBot(key, blocked) {
      return serialize(key, async () => {
        await users.updateOne({ _id: key }, { $set: { blockedBot: blocked } });
      });
    },
    setBlockedByAdmin(key, blocked) {
      return serialize(key, async () => {
        const result = await users.updateOne({ _id: key }, { $set: { blockedByAdmin: blocked } });
        return result.matchedCount > 0;
      });
    },
    deletePersonalData(key) {
      return serialize(key, async () => {
        const user = await users.findById(key).lean<UserDocument>();
        if (!user) return false;
        if (!user.blockedByAdmin) {
          await users.deleteOne({ _id: key });
          return true;
        }
        // An admin's block must outlive the data deletion, or deleting would lift it: keep a nameless stub.
        await users.updateOne({ _id: key }, { $set: { firstName: '' }, $unset: { lastName: 1, username: 1 } });
        return true;
      });
    },
  };
}
