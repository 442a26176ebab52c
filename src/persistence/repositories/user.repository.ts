import type { Locale } from '../../domain/locale.ts';
import { type Platform, platformOfKey } from '../../domain/platform.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { UserDocument } from '../models/user.model.ts';

/** A user as the rest of Nazr sees them: the stored record, keyed by `key` (the user key) instead of `_id`. */
export type User = Omit<UserDocument, '_id'> & { key: string };

/** Who sent an incoming update (their profile name is not stored: see the user model). */
export interface SeenUser {
  platform: Platform;
  platformUserId: string;
  chatId: string;
}

export interface UserRepository {
  /**
   * Creates the user on first contact, else refreshes their chat and (to the hour) last-seen time; returns the stored
   * user. A user seen again within the hour in the same chat costs one read and no write.
   * `blockedBot` is left as it was, so the caller sees that someone who had blocked the bot is back.
   */
  upsertSeen(seen: SeenUser): Promise<User>;
  get(userKey: string): Promise<User | undefined>;
  setLocale(userKey: string, locale: Locale): Promise<void>;
  /** Records whether the user has blocked the bot (sends to them fail permanently until they write again). */
  markBlockedBot(userKey: string, blocked: boolean): Promise<void>;
  /** An admin blocks or unblocks a user (blocked users get no answer at all); false when there is no such user. */
  setBlockedByAdmin(userKey: string, blocked: boolean): Promise<boolean>;
  /** Makes the account an alias of a person's record (`null`: its own person again), creating its user record. */
  setPersonKey(userKey: string, personKey: string | null): Promise<void>;
  /** Forgets the user (an admin's block outlives it as a bare stub); returns false when there was no such user. */
  deletePersonalData(userKey: string): Promise<boolean>;
}

export function userKey(platform: Platform, platformUserId: string): string {
  return `${platform}:${platformUserId}`;
}

const MAX_UPSERT_ATTEMPTS = 5;
/** lastSeenAt is kept to the hour: a write per user per hour, not one per update on the hottest path. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60_000;
/** The profile fields earlier versions stored before consent; dropped from a record when it is next written. */
const LEGACY_PROFILE = { firstName: 1, lastName: 1, username: 1 };

function toUser(doc: UserDocument): User {
  const { _id, ...rest } = doc;
  return { key: _id, ...rest };
}

async function readUser(users: Models['users'], key: string): Promise<User | undefined> {
  const doc = await users.findById(key).lean<UserDocument>();
  return doc ? toUser(doc) : undefined;
}

/** Whether the stored record already says what seeing `seen` at `at` would write. */
function isCurrent(known: UserDocument, seen: SeenUser, at: Date): boolean {
  return (
    known.chatId === seen.chatId &&
    !Object.keys(LEGACY_PROFILE).some((field) => field in known) &&
    at.getTime() - known.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS
  );
}

/**
 * Records that the user was seen (chat id, last seen to the hour) and returns the stored user; a record already
 * current is not written again.
 */
async function recordSeen(users: Models['users'], seen: SeenUser, key: string, at: Date): Promise<User> {
  const known = await users.findById(key).lean<UserDocument>();
  if (known !== null && isCurrent(known, seen, at)) return toUser(known);
  const profile = {
    chatId: seen.chatId,
    lastSeenAt: at,
  };
  // Update first, insert when missing, and on an insert conflict (another instance created it meanwhile) update
  // again: each step is a single-document write by `_id`, so nothing relies on findAndModify being atomic.
  for (let attempt = 1; ; attempt += 1) {
    const updated = await users.updateOne({ _id: key }, { $set: profile, $unset: LEGACY_PROFILE }, { strict: false });
    if (updated.matchedCount === 0) {
      try {
        await users.create({
          _id: key,
          platform: seen.platform,
          platformUserId: seen.platformUserId,
          ...profile,
          locale: null,
          createdAt: at,
          blockedBot: false,
          blockedByAdmin: false,
        });
      } catch (error) {
        if (isDuplicateKeyError(error) && attempt < MAX_UPSERT_ATTEMPTS) continue;
        throw error;
      }
    }
    const user = await readUser(users, key);
    if (user) return user;
    // Deleted between our write and read: write again.
    if (attempt >= MAX_UPSERT_ATTEMPTS) throw new Error(`user ${key} vanished while being recorded`);
  }
}

export interface UserRepositoryOptions {
  now?: () => Date;
  /** Given, users seen are cached while this process is the only instance on the database (see ChatOrder). */
  exclusiveEpoch?: ExclusiveEpoch;
}

/** Users kept in memory (about 200 bytes each): the people writing to the bot in a burst. */
const CACHED_USERS = 10_000;

export function createUserRepository(models: Models, options: UserRepositoryOptions = {}): UserRepository {
  const { users } = models;
  const now = options.now ?? (() => new Date());
  const serialize = createKeyedSerializer();
  // Every update reads its sender's record; while no other instance writes users, this process's writes are the
  // only ones, so the record as last read or written here is the stored one. Each write forgets it first.
  const cache = createEpochCache<User>(options.exclusiveEpoch, CACHED_USERS);
  const write = <T>(key: string, task: () => Promise<T>) =>
    serialize(key, async () => {
      cache.forget(key);
      return task();
    });

  return {
    upsertSeen(seen) {
      const key = userKey(seen.platform, seen.platformUserId);
      return serialize(key, async () => {
        const at = now();
        const cached = cache.get(key);
        if (cached && isCurrent({ ...cached, _id: key }, seen, at)) return { ...cached };
        const epoch = cache.epoch();
        const user = await recordSeen(users, seen, key, at);
        cache.set(key, epoch, user);
        return { ...user };
      });
    },
    get: (key) => readUser(users, key),
    setLocale(key, locale) {
      return write(key, async () => {
        await users.updateOne({ _id: key }, { $set: { locale } });
      });
    },
    markBlockedBot(key, blocked) {
      return write(key, async () => {
        await users.updateOne({ _id: key }, { $set: { blockedBot: blocked } });
      });
    },
    setBlockedByAdmin(key, blocked) {
      return write(key, async () => {
        const result = await users.updateOne({ _id: key }, { $set: { blockedByAdmin: blocked } });
        return result.matchedCount > 0;
      });
    },
    setPersonKey(key, personKey) {
      return write(key, async () => {
        const change = personKey === null ? { $unset: { personKey: 1 } } : { $set: { personKey } };
        if ((await users.updateOne({ _id: key }, change)).matchedCount > 0 || personKey === null) return;
        // An account that never wrote to us (merged from existing data): its record is made now, so its first
        // update already acts for the person. In a private chat the chat id is the user id.
        const platformUserId = key.slice(key.indexOf(':') + 1);
        const at = now();
        const seen = { platform: platformOfKey(key)!, platformUserId, chatId: platformUserId };
        await recordSeen(users, seen, key, at);
        await users.updateOne({ _id: key }, change);
      });
    },
    deletePersonalData(key) {
      return write(key, async () => {
        const user = await users.findById(key).lean<UserDocument>();
        if (!user) return false;
        // An admin's block must outlive the data deletion, or deleting would lift it: that record (ids only) stays.
        if (user.blockedByAdmin) await users.updateOne({ _id: key }, { $unset: LEGACY_PROFILE }, { strict: false });
        else await users.deleteOne({ _id: key });
        return true;
      });
    },
  };
}
