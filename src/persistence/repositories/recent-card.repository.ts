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
      // Mostly a volunteer's first card: inserted many at once, unread (a `$in` read decoded the whole collection on
      // FerretDB, once per chunk of a wave). A volunteer with a record already is merged into it.
      const { duplicateIndexes } = await insertUnordered(
        (docs) => callUpLastCards.collection.insertMany(docs, { ordered: false }),
        given.map((e) => ({ _id: e.volunteerKey, cards: [e.card] })),
      );
      for (const { volunteerKey, card } of given.filter((_, i) => duplicateIndexes.has(i))) {
        await lock(`callup_last_cards:${volunteerKey}`, async () => {
          const recent = await recentCards(volunteerKey);
          // Remembered already (queued again by a wave resumed after a crash): left as it is.
          if (recent.some((c) => c.cardId === card.cardId)) return;
          const cards = [card, ...recent].slice(0, RECENT_CARDS);
          await callUpLastCards.replaceOne({ _id: volunteerKey }, { _id: volunteerKey, cards }, { upsert: true });
        });
      }
    },
    recentCards,
  };
}
