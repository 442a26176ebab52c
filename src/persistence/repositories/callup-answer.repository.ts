import { type Invitation, invitationId } from '../../domain/callups/invitation.ts';
import { createDocumentLock, takeFreeLocks } from '../document-lock.ts';
import { findByIds } from '../find-by-ids.ts';
import { insertUnordered } from '../insert-unordered.ts';
import type { CallUpAnswerDocument, RecentCard } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import { createRecentCards } from './recent-card.repository.ts';
import { createServedHours } from './served-hours.repository.ts';

export type { RecentCard };

/**
 * Statements per `update` command. FerretDB v1 keeps each statement's cursor open, on its own pooled SQLite
 * connection, until the whole command ends (a `defer` in a loop, internal/handler/msg_update.go): a command with more
 * statements than the pool has free connections (100 in all) waits for one forever, and the server stops answering.
 */
const UPDATE_CHUNK = 25;

export type InvitationChanges = Partial<Omit<Invitation, 'callUpId' | 'volunteerKey'>>;

export type InvitationListener = (invitations: readonly Invitation[]) => void;

export interface CallUpAnswerRepository {
  /**
   * Stores new invitations; one that exists already (another instance sent the same wave) is left alone and not
   * returned. Returns the invitations this call stored: only those may be sent.
   */
  invite(invitations: readonly Invitation[]): Promise<Invitation[]>;
  get(callUpId: string, volunteerKey: string): Promise<Invitation | undefined>;
  /** Read-modify-write of one invitation, one at a time per invitation across every instance. */
  update(
    callUpId: string,
    volunteerKey: string,
    change: (current: Invitation) => InvitationChanges,
  ): Promise<Invitation | undefined>;
  /**
   * Read-modify-write of several invitations of one call-up, read by `_id` and written in chunks, locked like
   * `update`. An invitation another writer holds right now is not read but named in `busy`, for the caller to update
   * on its own; `change` returns the changes of those it read. Returns the invitations as stored after the change.
   */
  updateMany(
    callUpId: string,
    volunteerKeys: readonly string[],
    change: (
      current: ReadonlyMap<string, Invitation>,
      busy: ReadonlySet<string>,
    ) => Promise<ReadonlyMap<string, InvitationChanges>>,
  ): Promise<Map<string, Invitation>>;
  listByCallUp(callUpId: string): Promise<Invitation[]>;
  /**
   * Calls `listener` with the call-up's invitations as this repository stores them (invited, updated), so a page that
   * follows a call-up need not read it again for this process's writes; other instances' writes are not seen here.
   * Returns the unsubscribe.
   */
  watch(callUpId: string, listener: InvitationListener): () => void;
  /** The call-up's invitations answered at or after `since` (the dashboard's change feed reads these between full reads). */
  listAnsweredSince(callUpId: string, since: Date): Promise<Invitation[]>;
  /** Who was invited when, for every invitation made after `since` (all of them without it). */
  invitedSince(since: Date | null): Promise<Pick<Invitation, 'volunteerKey' | 'invitedAt'>[]>;

  /** Remembers each card queued for its volunteer, among the last few a bare «۱/۲/۰» reply may answer. */
  rememberCards(cards: readonly { volunteerKey: string; card: RecentCard }[]): Promise<void>;
  /** The last few cards queued for the volunteer, newest first. */
  recentCards(volunteerKey: string): Promise<RecentCard[]>;

  /** Adds served hours to a volunteer's month (`yyyy-mm`, Jalali). */
  addServedHours(month: string, volunteerKey: string, hours: number): Promise<void>;
  /** Hours served in a month, per volunteer who served any. */
  servedInMonth(month: string): Promise<Map<string, number>>;
}

const toInvitation = ({ _id, card, cardMessageId, ...rest }: CallUpAnswerDocument): Invitation => ({
  ...rest,
  card: card ?? 0,
  cardMessageId: cardMessageId ?? null,
});

const toDocument = (invitation: Invitation): CallUpAnswerDocument => ({
  _id: invitationId(invitation.callUpId, invitation.volunteerKey),
  ...invitation,
});

export function createCallUpAnswerRepository(models: Models): CallUpAnswerRepository {
  const { callUpAnswers, callUpLastCards, servedHours } = models;
  // Every read-modify-write here is one at a time per document across instances (see document-lock.ts).
  const lock = createDocumentLock(models.documentLocks);
  const get = async (callUpId: string, volunteerKey: string) => {
    const doc = await callUpAnswers.findById(invitationId(callUpId, volunteerKey)).lean<CallUpAnswerDocument>();
    return doc ? toInvitation(doc) : undefined;
  };
  const watchers = createWatchers();

  return {
    async invite(invitations) {
      return watchers.written(await insertNewInvitations(callUpAnswers, invitations));
    },
    get,
    update(callUpId, volunteerKey, change) {
      const id = invitationId(callUpId, volunteerKey);
      return lock(`callup_answers:${id}`, async () => {
        const current = await get(callUpId, volunteerKey);
        if (!current) return undefined;
        const changes = change(current);
        if (Object.keys(changes).length === 0) return current;
        await callUpAnswers.updateOne({ _id: id }, { $set: changes });
        const [updated] = watchers.written([{ ...current, ...changes }]);
        return updated;
      });
    },
    async updateMany(callUpId, volunteerKeys, change) {
      return updateManyLocked(models, callUpId, volunteerKeys, change, watchers.written);
    },
    watch: watchers.watch,
    async invitedSince(since) {
      return callUpAnswers
        .find(since ? { invitedAt: { $gt: since } } : {}, { _id: 0, volunteerKey: 1, invitedAt: 1 })
        .lean<Pick<Invitation, 'volunteerKey' | 'invitedAt'>[]>();
    },
    async listByCallUp(callUpId) {
      const docs = await callUpAnswers.find({ callUpId }).lean<CallUpAnswerDocument[]>();
      return docs.map(toInvitation);
    },
    async listAnsweredSince(callUpId, since) {
      const docs = await callUpAnswers.find({ callUpId, answeredAt: { $gte: since } }).lean<CallUpAnswerDocument[]>();
      return docs.map(toInvitation);
    },
    ...createRecentCards(callUpLastCards, lock),
    ...createServedHours(servedHours, lock),
  };
}

/** The listeners of each call-up's invitations, told of every write as it is stored. */
function createWatchers() {
  const listeners = new Map<string, Set<InvitationListener>>();
  return {
    watch(callUpId: string, listener: InvitationListener) {
      const set = listeners.get(callUpId) ?? new Set();
      listeners.set(callUpId, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(callUpId);
      };
    },
    /** Tells the listeners; returns the invitations as given. */
    written<T extends readonly Invitation[]>(invitations: T): T {
      if (listeners.size === 0 || invitations.length === 0) return invitations;
      const byCallUp = Map.groupBy(invitations, (i) => i.callUpId);
      for (const [callUpId, written] of byCallUp)
        for (const listener of listeners.get(callUpId) ?? []) listener(written);
      return invitations;
    },
  };
}

/**
 * Inserts the invitations not stored yet; returns those this call stored. Straight to the driver: the invitations
 * are whole already, and mongoose's documents and validation cost a fifth of the bot's time in a wave of 5,000.
 */
async function insertNewInvitations(
  callUpAnswers: Models['callUpAnswers'],
  invitations: readonly Invitation[],
): Promise<Invitation[]> {
  if (invitations.length === 0) return [];
  const { duplicateIndexes } = await insertUnordered(
    (chunk) => callUpAnswers.collection.insertMany(chunk, { ordered: false }),
    invitations.map(toDocument),
  );
  return invitations.filter((_, index) => !duplicateIndexes.has(index));
}

/** `CallUpAnswerRepository.updateMany`: the free invitations locked, read once, and written in chunks. */
async function updateManyLocked(
  models: Models,
  callUpId: string,
  volunteerKeys: readonly string[],
  change: Parameters<CallUpAnswerRepository['updateMany']>[2],
  /** Told of each chunk as it is stored: a page following the call-up need not wait for the batch's last chunk. */
  written: (invitations: readonly Invitation[]) => void,
): Promise<Map<string, Invitation>> {
  const { callUpAnswers } = models;
  const ids = new Map(volunteerKeys.map((key) => [key, invitationId(callUpId, key)]));
  const lockKeyOf = (key: string) => `callup_answers:${ids.get(key)}`;
  const locks = await takeFreeLocks(models.documentLocks, [...ids.keys()].map(lockKeyOf));
  try {
    const busy = new Set([...ids.keys()].filter((key) => locks.busy.has(lockKeyOf(key))));
    const free = [...ids].filter(([key]) => !busy.has(key)).map(([, id]) => id);
    const docs = await findByIds<CallUpAnswerDocument>(callUpAnswers, free);
    const current = new Map(docs.map((doc) => [doc.volunteerKey, toInvitation(doc)]));
    const changes = [...(await change(current, busy))].filter(
      ([key, changed]) => current.has(key) && Object.keys(changed).length > 0,
    );
    const updated = new Map(changes.map(([key, changed]) => [key, { ...current.get(key)!, ...changed }]));
    for (let start = 0; start < changes.length; start += UPDATE_CHUNK) {
      const chunk = changes.slice(start, start + UPDATE_CHUNK);
      await callUpAnswers.bulkWrite(
        chunk.map(([key, changed]) => ({
          updateOne: { filter: { _id: ids.get(key) }, update: { $set: changed } },
        })),
        { ordered: false },
      );
      written(chunk.map(([key]) => updated.get(key)!));
    }
    return updated;
  } finally {
    await locks.release();
  }
}
