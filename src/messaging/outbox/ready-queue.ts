/** What orders deliveries: lower priority first, then the oldest, then the caller's order. */
export interface Ranked {
  id: string;
  priority: number;
  createdAt: Date;
  seq: number;
}

export function compareRank(a: Ranked, b: Ranked): number {
  return (
    a.priority - b.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    a.seq - b.seq ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Claimed deliveries waiting for their turn, best first. */
export class ReadyQueue<T extends Ranked> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareRank(this.#items[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    this.#items.splice(low, 0, item);
  }

  /** Removes and returns the best item the predicate accepts (e.g. whose chat may receive now). */
  takeFirst(accept: (item: T) => boolean): T | undefined {
    const index = this.#items.findIndex(accept);
    return index < 0 ? undefined : this.#items.splice(index, 1)[0];
  }

  /** Removes and returns every item the predicate matches. */
  removeWhere(match: (item: T) => boolean): T[] {
    const removed: T[] = [];
    for (let index = this.#items.length - 1; index >= 0; index--) {
      if (match(this.#items[index]!)) removed.unshift(...this.#items.splice(index, 1));
    }
    return removed;
  }

  /** The smallest value of `measure` over the items (Infinity when empty). */
  min(measure: (item: T) => number): number {
    let smallest = Number.POSITIVE_INFINITY;
    for (const item of this.#items) smallest = Math.min(smallest, measure(item));
    return smallest;
  }

  values(): readonly T[] {
    return this.#items;
  }

  drain(): T[] {
    return this.#items.splice(0);
  }
}
