import type { DocumentLock } from '../document-lock.ts';
import { insertUnordered } from '../insert-unordered.ts';
import type { CallUpLastCardDocument, RecentCard } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import type { CallUpAnswerRepository } from './callup-answer.repository.ts';

/** How many queued cards are remembered per volunteer: a reply goes to the newest of them that arrived. */
export const RECENT_CARDS = 5;

/** The last few cards queued for each volunteer, so a bare «۱/۲/۰» reply finds the card it answers. */
export function createRecentCards(
  callUpLastCards: Models['callUpLastCards'],
  lock: DocumentLock,
): Pick<CallUpAnswerRepository, 'rememberCards' | 'recentCards'> {
  const recentCards = async (volunteerKey: string): Promise<RecentCard[]> => {
    const doc = await callUpLastCards.findById(volunteerKey).lean<CallUpLastCardDocument>();
    return (doc?.cards ?? []).map(({ callUpId, cardId, at }) => ({ callUpId, cardId, at }));
  };
  return {
    async rememberCards(given) {
      if (given.length === 0) return;
      const keys = given.map((e) => e.volunteerKey);
      const listed = await callUpLastCards
        .find({ _id: { $in: keys } }, { _id: 1, cards: 1 })
        .lean<Pick<CallUpLastCardDocument, '_id' | 'cards'>[]>();
      const known = new Set(listed.map((doc) => doc._id));
      // A card remembered already (queued again by a wave resumed after a crash) is left as it is: no merge to lock.
      const remembered = new Set(listed.flatMap((doc) => (doc.cards ?? []).map((c) => `${doc._id} ${c.cardId}`)));
      const entries = given.filter((e) => !remembered.has(`${e.volunteerKey} ${e.card.cardId}`));
      const first = entries.filter((e) => !known.has(e.volunteerKey));
      // A volunteer's first card is a plain insert, many at once (FerretDB scans the collection for every update);
      // one another instance stored meanwhile is merged like the rest.
      const { duplicateIndexes } = await insertUnordered(
        (docs) => callUpLastCards.collection.insertMany(docs, { ordered: false }),
        first.map((e) => ({ _id: e.volunteerKey, cards: [e.card] })),
      );
      const merges = [
        ...entries.filter((e) => known.has(e.volunteerKey)),
        ...first.filter((_, i) => duplicateIndexes.has(i)),
      ];
      for (const { volunteerKey, card } of merges) {
        await lock(`callup_last_cards:${volunteerKey}`, async () => {
          const kept = (await recentCards(volunteerKey)).filter((c) => c.cardId !== card.cardId);
          const cards = [card, ...kept].slice(0, RECENT_CARDS);
          await callUpLastCards.replaceOne({ _id: volunteerKey }, { _id: volunteerKey, cards }, { upsert: true });
        });
      }
    },
    recentCards,
  };
}
