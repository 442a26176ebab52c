// Which cards a killed process held back: the outbox sends in rank order (createdAt, then seq), so a card still unsent
// at the kill but ranked before one that went out around it (the last before the kill, or the first after it) was
// claimed and stranded by the dead process. How long those took to arrive is how long its work took to be picked up.
import type { Database } from '../../src/persistence/connection.ts';

interface RankedRow {
  chatId: string;
  createdAt: Date;
  seq: number;
}

export interface HeldBack {
  /** Cards unsent at the kill, ranked before a card that went out around it. */
  count: number;
  /** From `from` until the last of them arrived, or until the first card after `from` when none was held. */
  resumedMs: number;
}

export async function heldBackCards(
  database: Database,
  cards: ReadonlyMap<number, readonly number[]>,
  killedAt: number,
  from: number,
): Promise<HeldBack> {
  // The cards alone: an answer's follow-up queued in the outbox is ranked by when it was queued, not with the cards.
  const rows = await database.models.deliveries
    .find({ campaignKind: 'callup' }, { chatId: 1, createdAt: 1, seq: 1 })
    .lean<RankedRow[]>();
  const rank = (row: RankedRow) => new Date(row.createdAt).getTime() * 1e6 + row.seq;
  const ranked = rows.filter((row) => cards.has(Number(row.chatId))).sort((a, b) => rank(a) - rank(b));
  const firstAt = (row: RankedRow) => Math.min(...(cards.get(Number(row.chatId)) ?? [Number.POSITIVE_INFINITY]));
  const lastBefore = ranked.findLastIndex((row) => firstAt(row) < killedAt);
  const after = ranked.filter((row) => firstAt(row) >= from);
  const firstAfter = after.reduce<RankedRow | undefined>(
    (best, row) => (!best || firstAt(row) < firstAt(best) ? row : best),
    undefined,
  );
  const bound = Math.max(lastBefore, firstAfter ? ranked.indexOf(firstAfter) : -1);
  const held = ranked.slice(0, bound).filter((row) => firstAt(row) >= killedAt);
  const resumed = firstAfter ? firstAt(firstAfter) - from : 0;
  return { count: held.length, resumedMs: Math.max(resumed, ...held.map((row) => firstAt(row) - from)) };
}
