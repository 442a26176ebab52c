import type { mongo } from 'mongoose';
import type { Locale } from '../../domain/locale.ts';
import { type Platform, platformOfKey } from '../../domain/platform.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createGroupCommit, type GroupCommit, STREAM_GATHER } from '../group-commit.ts';
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
const LEGACY_PROFILE = { firstName: 1, lastName: 1, username: 1 } as const;

function toUser(doc: UserDocument): User {
  const { _id, ...rest } = doc;
  // A first sighting stores no locale: read back as null.
  return { key: _id, ...rest, locale: rest.locale ?? null };
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

/** A stored record with `profile` written over it and the legacy profile fields dropped, as the update leaves it. */
function afterSeen(known: UserDocument, profile: Pick<UserDocument, 'chatId' | 'lastSeenAt'>): User {
  const merged: Record<string, unknown> = { ...known, ...profile };
  for (const field of Object.keys(LEGACY_PROFILE)) delete merged[field];
  return toUser(merged as unknown as UserDocument);
}

interface Sighting {
  key: string;
  seen: SeenUser;
  at: Date;
}

/** Sightings written per command: a burst's first presses share their writes, as their sessions do. */
const SIGHTINGS_PER_BATCH = 25;

/** The record a first sighting creates; what a sighting writes over an existing one is its `$set`. */
function sightingUpdate({ seen, at }: Sighting) {
  const { platform, platformUserId, chatId } = seen;
  return {
    $set: { chatId, lastSeenAt: at },
    $unset: LEGACY_PROFILE,
    // No locale until one is chosen (read back as null): FerretDB drops a null here in a batch, MongoDB would keep it.
    $setOnInsert: { platform, platformUserId, createdAt: at, blockedBot: false, blockedByAdmin: false },
  };
}

/** The driver's own collection: the legacy fields to unset are not in the schema, so mongoose would drop them. */
type RawUsers = mongo.Collection<{ _id: string } & mongo.Document>;
const raw = (users: Models['users']) => users.collection as unknown as RawUsers;

async function writeSighting(users: Models['users'], sighting: Sighting): Promise<void> {
  // Two first sightings on two instances can race to insert; FerretDB then reports a duplicate, and a retry updates.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await raw(users).updateOne({ _id: sighting.key }, sightingUpdate(sighting), { upsert: true });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= MAX_UPSERT_ATTEMPTS) throw error;
    }
  }
}

/** One command for the batch; if it fails anywhere, each again on its own (they are idempotent). */
async function writeSightings(users: Models['users'], sightings: Sighting[]): Promise<PromiseSettledResult<void>[]> {
  if (sightings.length > 1) {
    try {
      await raw(users).bulkWrite(
        sightings.map((s) => ({ updateOne: { filter: { _id: s.key }, update: sightingUpdate(s), upsert: true } })),
      );
      return sightings.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch {
      // FerretDB stops at the first failing statement whatever `ordered` says, so which ones were applied is unclear.
    }
  }
  const settled: PromiseSettledResult<void>[] = [];
  for (const sighting of sightings) {
    settled.push(
      await writeSighting(users, sighting).then(
        () => ({ status: 'fulfilled', value: undefined }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return settled;
}

/**
 * Records that the user was seen (chat id, last seen to the hour) and returns the stored user; a record already
 * current is not written again. One read, and an upsert that goes out with the other sightings of the moment: the
 * first presses of a call-up burst are mostly each chat's first update since a restart, so this is the hot path.
 * The user returned is the record read with the sighting applied, not read again.
 */
async function recordSeen(
  users: Models['users'],
  write: GroupCommit<Sighting, void>,
  seen: SeenUser,
  key: string,
  at: Date,
): Promise<User> {
  const known = await users.findById(key).lean<UserDocument>();
  if (known !== null && isCurrent(known, seen, at)) return toUser(known);
  const sighting = { key, seen, at };
  await write('users', sighting);
  if (known !== null) return afterSeen(known, { chatId: seen.chatId, lastSeenAt: at });
  return toUser({ _id: key, locale: null, ...sightingUpdate(sighting).$set, ...sightingUpdate(sighting).$setOnInsert });
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
  const sightings = createGroupCommit<Sighting, void>(
    (_all, batch) => writeSightings(users, batch),
    SIGHTINGS_PER_BATCH,
    STREAM_GATHER,
  );
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
        const user = await recordSeen(users, sightings, seen, key, at);
        cache.set(key, epoch, user);
        return { ...user };
      });
    },
    get: (key) => readUser(users, key),
    setLocale(key, locale) {
      return serialize(key, async () => {
        const [known, epoch] = [cache.get(key), cache.epoch()];
        cache.forget(key);
        await users.updateOne({ _id: key }, { $set: { locale } });
        // Chosen at the start of a registration, by many at once: the next update need not read the record back.
        if (known) cache.set(key, epoch, { ...known, locale });
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
        await recordSeen(users, sightings, seen, key, at);
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
