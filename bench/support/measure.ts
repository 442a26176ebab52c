// Small statistics shared by the benches: percentiles, per-second counts, rounding.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Number(n.toFixed(digits)) : 0);

/** The most sends within any one-second window (sliding, as a platform's limiter counts). */
export function maxPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Sends per second between the first and the last. */
export function ratePerSecond(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return (sorted.length - 1) / ((sorted.at(-1)! - sorted[0]!) / 1000);
}

export interface CardCount {
  lost: number;
  duplicated: number;
  /** Every card's delivery time, all chats together. */
  times: number[];
}

/** From the cards each expected chat got: chats without one are lost, every card past the first a duplicate. */
export function countCards(cards: ReadonlyMap<number, readonly number[]>, expected: readonly number[]): CardCount {
  let lost = 0;
  let duplicated = 0;
  const times: number[] = [];
  for (const chatId of expected) {
    const list = cards.get(chatId) ?? [];
    if (list.length === 0) lost += 1;
    duplicated += Math.max(0, list.length - 1);
    times.push(...list);
  }
  return { lost, duplicated, times };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it gives a value, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
