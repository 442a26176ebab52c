// Waits for a call-up's cards to reach every volunteer, bounded: done once each has one and nothing more arrived for
// a few seconds (late duplicates count too), or when the cards stop coming for a long while, or at a deadline.
import { sleep } from './measure.ts';

const POLL_MS = 1000;
/** Quiet time after the last volunteer got a card, for duplicates still on their way. */
const SETTLE_MS = 5_000;
/** No card at all for this long: the rest will not come (longer than any claim lease the outbox has had). */
const STALL_MS = 90_000;

export async function waitForCards(
  cards: () => Promise<Map<number, number[]>>,
  volunteers: readonly number[],
  deadline: number,
): Promise<Map<number, number[]>> {
  let total = -1;
  let changedAt = Date.now();
  for (;;) {
    const current = await cards();
    const count = [...current.values()].reduce((sum, list) => sum + list.length, 0);
    if (count !== total) {
      total = count;
      changedAt = Date.now();
    }
    const everyone = volunteers.every((chatId) => (current.get(chatId)?.length ?? 0) > 0);
    const quietFor = Date.now() - changedAt;
    if ((everyone && quietFor >= SETTLE_MS) || quietFor >= STALL_MS || Date.now() > deadline) return current;
    await sleep(POLL_MS);
  }
}
