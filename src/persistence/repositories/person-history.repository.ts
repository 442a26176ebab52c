import type { mongo } from 'mongoose';
import { seatId } from '../../domain/callups/answer-rules.ts';
import { invitationId } from '../../domain/callups/invitation.ts';
import { invitationToKeep } from '../../domain/identity/merged-invitation.ts';
import type {
  CallUpAnswerDocument,
  CallUpLastCardDocument,
  ServedHoursDocument,
} from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import { RECENT_CARDS } from './recent-card.repository.ts';

/** A person about to join another's record (see domain/identity), by both keys. */
export interface PersonMove {
  keepKey: string;
  joinKey: string;
}

/** What two people merged into one carry over from call-ups, besides their record. */
export interface PersonHistory {
  /**
   * Puts each joining person's invitations, seats, served hours and recent cards under the kept person's key, so
   * every count (board, stats, exports, waves, rotation) sees one person. A call-up that invited both keeps one
   * invitation (see invitationToKeep); the other's seat is freed and returned, for the waiting list. Many moves
   * share one read of each collection (on FerretDB a query by anything but `_id` reads the whole collection). Each
   * document moves on its own: run again after a crash, it finishes what is left.
   */
  moveHistory(moves: readonly PersonMove[]): Promise<FreedSeat[]>;
}

/** A seat one person held twice (once per account), given back. */
export interface FreedSeat {
  callUpId: string;
  specialty: string;
}

/** Written through the driver, as erasure does: mongoose would refuse an erased invitation's empty chat id. */
type StringKeyed = mongo.Collection<{ _id: string } & mongo.Document>;

/** Stores `doc` under its `_id` (replacing what is there), then deletes `from`: a crash in between loses nothing. */
async function moveTo(collection: StringKeyed, from: string, doc: { _id: string } & mongo.Document): Promise<void> {
  await collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
  await collection.deleteOne({ _id: from });
}

/** `forgetKept`: records are written past the repositories that keep them in memory (see ChatOrder.forgetKept). */
export function createPersonHistoryRepository(models: Models, forgetKept: () => void): PersonHistory {
  const { callUpAnswers, callUpSeats, callUpLastCards, servedHours } = models;
  const answersCollection = callUpAnswers.collection as unknown as StringKeyed;

  /** Frees the seat an invitation holds, if it still holds it. */
  const freeSeatOf = async (i: CallUpAnswerDocument): Promise<FreedSeat[]> => {
    if (i.seat === null) return [];
    const seat = { _id: seatId(i.callUpId, i.specialty, i.seat), volunteerKey: i.volunteerKey };
    const { deletedCount } = await callUpSeats.deleteOne(seat);
    forgetKept();
    return deletedCount > 0 ? [{ callUpId: i.callUpId, specialty: i.specialty }] : [];
  };

  async function moveInvitation(joined: CallUpAnswerDocument, keepKey: string): Promise<FreedSeat[]> {
    const keepId = invitationId(joined.callUpId, keepKey);
    const kept = await callUpAnswers.findById(keepId).lean<CallUpAnswerDocument>();
    if (kept && invitationToKeep(kept, joined) === kept) {
      const freed = await freeSeatOf(joined);
      await callUpAnswers.deleteOne({ _id: joined._id });
      return freed;
    }
    // One person holds one seat: the invitation replaced gives its seat back.
    const freed = kept ? await freeSeatOf(kept) : [];
    if (joined.seat !== null) {
      await callUpSeats.updateOne(
        { _id: seatId(joined.callUpId, joined.specialty, joined.seat), volunteerKey: joined.volunteerKey },
        { $set: { volunteerKey: keepKey } },
      );
      forgetKept();
    }
    await moveTo(answersCollection, joined._id, { ...joined, _id: keepId, volunteerKey: keepKey });
    return freed;
  }

  async function moveServedHours(doc: ServedHoursDocument, keepKey: string) {
    const keepId = `${doc.month}:${keepKey}`;
    const kept = await servedHours.findById(keepId).lean<ServedHoursDocument>();
    // A crash between these two writes may count that month's hours twice: they only rank the person later in fair
    // rotation, and the person's total (on their record) is added once.
    const hours = (kept?.hours ?? 0) + doc.hours;
    await moveTo(servedHours.collection as unknown as StringKeyed, doc._id, {
      ...doc,
      _id: keepId,
      volunteerKey: keepKey,
      hours,
    });
  }

  async function moveRecentCards({ joinKey, keepKey }: PersonMove) {
    const joined = await callUpLastCards.findById(joinKey).lean<CallUpLastCardDocument>();
    if (!joined) return;
    const kept = await callUpLastCards.findById(keepKey).lean<CallUpLastCardDocument>();
    const known = new Set((kept?.cards ?? []).map((c) => c.cardId));
    const cards = [...(kept?.cards ?? []), ...joined.cards.filter((c) => !known.has(c.cardId))]
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, RECENT_CARDS);
    await moveTo(callUpLastCards.collection as unknown as StringKeyed, joinKey, { _id: keepKey, cards });
  }

  return {
    async moveHistory(moves) {
      if (moves.length === 0) return [];
      const keepOf = new Map(moves.map((m) => [m.joinKey, m.keepKey]));
      const ofJoining = { volunteerKey: { $in: [...keepOf.keys()] } };
      const freed: FreedSeat[] = [];
      for (const doc of await callUpAnswers.find(ofJoining).lean<CallUpAnswerDocument[]>()) {
        freed.push(...(await moveInvitation(doc, keepOf.get(doc.volunteerKey)!)));
      }
      for (const doc of await servedHours.find(ofJoining).lean<ServedHoursDocument[]>()) {
        await moveServedHours(doc, keepOf.get(doc.volunteerKey)!);
      }
      for (const move of moves) await moveRecentCards(move);
      return freed;
    },
  };
}
