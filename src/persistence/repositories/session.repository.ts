import type { Platform } from '../../domain/platform.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';
import type { HandledMark, SessionDocument } from '../models/session.model.ts';

export type { HandledMark };

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
  /** The session with the pipeline's record of what it handled (one read). */
  readChat(key: string): Promise<ChatState<T>>;
  /** Writes the session and the record of the update just handled together: one write, never one without the other. */
  writeChat(key: string, value: T, handled: HandledMark): Promise<void>;
}

const MAX_WRITE_ATTEMPTS = 3;
/** Sessions remembered as last read or written, to skip writing back one an update left unchanged. */
const REMEMBERED_SESSIONS = 10_000;

export function createSessionStorage<T = unknown>(
  models: Models,
  options: { now?: () => Date } = {},
): SessionStorage<T> {
  const { sessions } = models;
  const now = options.now ?? (() => new Date());
  // `write` skips a session written back unchanged (most updates change nothing); what is remembered is what the
  // key was last read or written as.
  const remembered = new Map<string, string>();
  const remember = (key: string, json: string) => {
    remembered.delete(key);
    remembered.set(key, json);
    if (remembered.size > REMEMBERED_SESSIONS) remembered.delete(remembered.keys().next().value as string);
  };
  return {
    async read(key) {
      return (await readChat(key)).value;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      if (remembered.get(key) === json) return;
      await upsert(key, { value, updatedAt: now() });
      remember(key, json);
    },
    readChat,
    async writeChat(key, value, handled) {
      await upsert(key, { value, handled, updatedAt: now() });
      remember(key, JSON.stringify(value));
    },
    async delete(key) {
      remembered.delete(key);
      await sessions.deleteOne({ _id: key });
    },
    async deleteMemberSessions(platform, platformUserId) {
      // Rare (a person erasing their data): a pattern on `_id`, which scans the sessions on FerretDB. Group chat ids
      // are negative; platform names and user ids hold no pattern characters.
      const pattern = new RegExp(`^${platform}:-\\d+:${platformUserId}$`);
      const docs = await sessions.find({ _id: pattern }).lean<SessionDocument[]>();
      for (const doc of docs) remembered.delete(doc._id);
      if (docs.length > 0) await sessions.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } });
    },
  };

  async function readChat(key: string): Promise<ChatState<T>> {
    const doc = await sessions.findById(key).lean<SessionDocument>();
    if (doc) remember(key, JSON.stringify(doc.value));
    else remembered.delete(key);
    return { value: doc ? (doc.value as T) : undefined, handled: doc?.handled };
  }

  async function upsert(key: string, fields: Partial<SessionDocument>): Promise<void> {
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
}
