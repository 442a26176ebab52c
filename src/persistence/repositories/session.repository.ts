import mongoose from 'mongoose';
import type { Platform } from '../../domain/platform.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createGroupCommit, STREAM_GATHER } from '../group-commit.ts';
import type { Models } from '../models/index.ts';
import type { HandledMark, SessionDocument } from '../models/session.model.ts';

export type { ExclusiveEpoch, HandledMark };

const { BSON } = mongoose.mongo;

/** A chat's session as the update pipeline reads it: the value, and what was handled last. */
export interface ChatState<T> {
  value: T | undefined;
  handled: HandledMark | undefined;
}

/**
 * The shape of grammY's `StorageAdapter<T>`, matched here so persistence need not import grammY. Values are stored
 * as BSON: no keys containing `.` or starting with `$`, no nested arrays, no NaN (FerretDB refuses them).
 */
export interface SessionStorage<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes a person's sessions in chats other than their own (groups: keyed `<platform>:<chat>:<user>`). */
  deleteMemberSessions(platform: Platform, platformUserId: string): Promise<void>;
  /** The session with the pipeline's record of what it handled (one read, or none while it is cached). */
  readChat(key: string): Promise<ChatState<T>>;
  /** Writes the session and the record of the update just handled together: one write, never one without the other. */
  writeChat(key: string, value: T, handled: HandledMark): Promise<void>;
}

export interface SessionStorageOptions {
  now?: () => Date;
  /** Given, the chats' sessions are cached while this process alone handles updates (see ChatOrder). */
  exclusiveEpoch?: ExclusiveEpoch;
}

const MAX_WRITE_ATTEMPTS = 3;
/** Sessions kept in memory: a registration's is under 1 KB as BSON, so a few MB at most. */
const CACHED_SESSIONS = 5_000;
/** Chats' session writes made in one command; FerretDB stalls on update commands of about a hundred statements. */
const WRITES_PER_BATCH = 25;

type SessionWrite = { key: string; fields: Partial<SessionDocument> };

export function createSessionStorage<T = unknown>(
  models: Models,
  options: SessionStorageOptions = {},
): SessionStorage<T> {
  const { sessions } = models;
  const now = options.now ?? (() => new Date());
  // Kept as BSON, the form the database returns: each read gives a fresh copy, with nulls and dates as stored.
  const cache = createEpochCache<Uint8Array>(options.exclusiveEpoch, CACHED_SESSIONS);
  // As the driver writes it: an undefined field is stored as null.
  const encode = (state: ChatState<T>) =>
    BSON.serialize({ value: state.value, handled: state.handled }, { ignoreUndefined: false });
  const decode = (bytes: Uint8Array) => BSON.deserialize(bytes) as ChatState<T>;
  // `write` skips a session written back unchanged (most updates change nothing); what is remembered is what the
  // key was last read or written as.
  const remembered = new Map<string, string>();
  const remember = (key: string, json: string) => {
    remembered.delete(key);
    remembered.set(key, json);
    if (remembered.size > CACHED_SESSIONS) remembered.delete(remembered.keys().next().value as string);
  };
  // Every chat's update ends with its session write: those arriving while one batch is written go in the next.
  const commit = createGroupCommit<SessionWrite, void>(
    (_all, writes) => upsertAll(sessions, writes),
    WRITES_PER_BATCH,
    STREAM_GATHER,
  );
  return {
    async read(key) {
      const doc = await sessions.findById(key).lean<SessionDocument>();
      if (doc) remember(key, JSON.stringify(doc.value));
      else remembered.delete(key);
      return doc ? (doc.value as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      if (remembered.get(key) === json) return;
      cache.forget(key);
      await upsert(sessions, { key, fields: { value, updatedAt: now() } });
      remember(key, json);
    },
    async readChat(key) {
      const cached = cache.get(key);
      if (cached) return decode(cached);
      const epoch = cache.epoch();
      const doc = await sessions.findById(key).lean<SessionDocument>();
      const state = { value: doc ? (doc.value as T) : undefined, handled: doc?.handled };
      if (doc && epoch !== undefined) cache.set(key, epoch, encode(state));
      return state;
    },
    async writeChat(key, value, handled) {
      const epoch = cache.epoch();
      remembered.delete(key);
      try {
        await commit('sessions', { key, fields: { value, handled, updatedAt: now() } });
      } catch (error) {
        cache.forget(key);
        throw error;
      }
      if (epoch !== undefined) cache.set(key, epoch, encode({ value, handled }));
    },
    async delete(key) {
      remembered.delete(key);
      cache.forget(key);
      await sessions.deleteOne({ _id: key });
    },
    async deleteMemberSessions(platform, platformUserId) {
      // Rare (a person erasing their data): a pattern on `_id`, which scans the sessions on FerretDB. Group chat ids
      // are negative; platform names and user ids hold no pattern characters.
      const pattern = new RegExp(`^${platform}:-\\d+:${platformUserId}$`);
      const docs = await sessions.find({ _id: pattern }).lean<SessionDocument[]>();
      for (const doc of docs) {
        remembered.delete(doc._id);
        cache.forget(doc._id);
      }
      if (docs.length > 0) await sessions.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } });
    },
  };
}

async function upsert(sessions: Models['sessions'], { key, fields }: SessionWrite): Promise<void> {
  // Two first writes of one key can race to insert it; FerretDB then reports a duplicate, and a retry updates.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sessions.updateOne({ _id: key }, { $set: fields }, { upsert: true });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
    }
  }
}

/** One command for the batch; if it fails anywhere, each write again on its own (they are idempotent). */
async function upsertAll(sessions: Models['sessions'], writes: SessionWrite[]): Promise<PromiseSettledResult<void>[]> {
  if (writes.length > 1) {
    try {
      await sessions.bulkWrite(
        writes.map(({ key, fields }) => ({
          updateOne: { filter: { _id: key }, update: { $set: fields }, upsert: true },
        })),
      );
      return writes.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch {
      // FerretDB stops at the first failing statement whatever `ordered` says, so which ones were applied is unclear.
    }
  }
  const settled: PromiseSettledResult<void>[] = [];
  for (const write of writes) {
    settled.push(
      await upsert(sessions, write).then(
        () => ({ status: 'fulfilled', value: undefined }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return settled;
}
