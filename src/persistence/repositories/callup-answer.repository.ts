import { type Invitation, invitationId } from '../../domain/callups/invitation.ts';
import { createDocumentLock } from '../document-lock.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { CallUpAnswerDocument, RecentCard } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import { createRecentCards } from './recent-card.repository.ts';
import { createServedHours } from './served-hours.repository.ts';

export type { RecentCard };

export type InvitationChanges = Partial<Omit<Invitation, 'callUpId' | 'volunteerKey'>>;

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
  listByCallUp(callUpId: string): Promise<Invitation[]>;
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

/** The indices of the documents an unordered bulk insert did not store. */
function failedIndices(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors ?? [];
  return new Set(writeErrors.map((e) => e.index ?? e.err?.index ?? -1));
}

export function createCallUpAnswerRepository(models: Models): CallUpAnswerRepository {
  const { callUpAnswers, callUpLastCards, servedHours } = models;
  // Every read-modify-write here is one at a time per document across instances (see document-lock.ts).
  const lock = createDocumentLock(models.documentLocks);
  const get = async (callUpId: string, volunteerKey: string) => {
    const doc = await callUpAnswers.findById(invitationId(callUpId, volunteerKey)).lean<CallUpAnswerDocument>();
    return doc ? toInvitation(doc) : undefined;
  };

  return {
    async invite(invitations) {
      if (invitations.length === 0) return [];
      const docs = invitations.map(toDocument);
      try {
        await callUpAnswers.insertMany(docs, { ordered: false });
        return [...invitations];
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const failed = failedIndices(error);
        // Without per-document indices (a server that reports the batch as one), check each by `_id`.
        if (failed.has(-1) || failed.size === 0) {
          const stored: Invitation[] = [];
          for (const invitation of invitations) {
            const doc = await callUpAnswers.findById(toDocument(invitation)._id).lean<CallUpAnswerDocument>();
            if (doc && doc.invitedAt.getTime() === invitation.invitedAt.getTime() && doc.wave === invitation.wave) {
              stored.push(invitation);
            }
          }
          return stored;
        }
        return invitations.filter((_, i) => !failed.has(i));
      }
    },
    get,
    update(callUpId, volunteerKey, change) {
      const id = invitationId(callUpId, volunteerKey);
      return lock(`callup_answers:${id}`, async () => {
        const current = await get(callUpId, volunteerKey);
        if (!current) return undefined;
        const changes = change(current);
        if (Object.keys(changes).length > 0) await callUpAnswers.updateOne({ _id: id }, { $set: changes });
        return { ...current, ...changes };
      });
    },
    async invitedSince(since) {
      return callUpAnswers
        .find(since ? { invitedAt: { $gt: since } } : {}, { _id: 0, volunteerKey: 1, invitedAt: 1 })
        .lean<Pick<Invitation, 'volunteerKey' | 'invitedAt'>[]>();
    },
    async listByCallUp(callUpId) {
      const docs = await callUpAnswers.find({ callUpId }).lean<CallUpAnswerDocument[]>();
      return docs.map(toInvitation);
    },
    ...createRecentCards(callUpLastCards, lock),
    ...createServedHours(servedHours, lock),
  };
}
