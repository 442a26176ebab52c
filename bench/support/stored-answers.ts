// When each answer became visible in the database, seen from outside the bot: the bench polls the call-up's answers
// and dates each new one by the poll before the one that found it (the latest moment it was known to be absent), so
// a lag measured from here is an upper bound of "behind the database".
import type { Database } from '../../src/persistence/connection.ts';

/** Answers are written a moment after the time they carry; more than this and the bench itself is overloaded. */
const RECENT_MS = 10_000;

export interface StoredAnswers {
  /** Row id (as the dashboard names rows) → the time it was first known stored, ms. */
  storedAt: Map<string, number>;
  stop(): Promise<void>;
}

export function watchStoredAnswers(
  database: Database,
  callUpId: string,
  rowIdOf: (volunteerKey: string) => string,
  everyMs = 100,
): StoredAnswers {
  const storedAt = new Map<string, number>();
  const seen = new Map<string, number>();
  let stopped = false;
  const loop = async () => {
    let previousPoll = Date.now();
    while (!stopped) {
      const pollAt = Date.now();
      // The recent ones only, as the dashboard reads them: a full read of thousands every 100 ms would load the machine.
      const docs = await database.models.callUpAnswers
        .find({ callUpId, answeredAt: { $gte: new Date(pollAt - RECENT_MS) } }, { volunteerKey: 1, answeredAt: 1 })
        .lean<{ volunteerKey: string; answeredAt: Date }[]>();
      for (const doc of docs) {
        const answeredAt = new Date(doc.answeredAt).getTime();
        if (seen.get(doc.volunteerKey) === answeredAt) continue;
        seen.set(doc.volunteerKey, answeredAt);
        storedAt.set(`${rowIdOf(doc.volunteerKey)}@${answeredAt}`, previousPoll);
      }
      previousPoll = pollAt;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  const running = loop();
  return {
    storedAt,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
