export interface Delivery {
  /** Epoch milliseconds when the sandbox accepted the message. */
  at: number;
  messageId: number;
  method: string;
  text: string | undefined;
}

export interface SandboxStats {
  /** Calls per method (canonical name), including refused ones. */
  calls: Record<string, number>;
  /** 429 answers sent, from rate limits, storms and injected faults. */
  tooManyRequests: number;
  /** Error answers by status code. */
  errors: Record<number, number>;
  webhookAttempts: number;
  webhookFailures: number;
  /** Every accepted send per chat, in order, so a benchmark can compute rates, duplicates and losses. */
  deliveries: Map<number, Delivery[]>;
}

export function emptyStats(): SandboxStats {
  return { calls: {}, tooManyRequests: 0, errors: {}, webhookAttempts: 0, webhookFailures: 0, deliveries: new Map() };
}

/** Sums several bots' stats; deliveries of the same chat id (different bots) are merged by time. */
export function mergeStats(all: readonly SandboxStats[]): SandboxStats {
  const total = emptyStats();
  for (const stats of all) {
    for (const [method, count] of Object.entries(stats.calls)) total.calls[method] = (total.calls[method] ?? 0) + count;
    for (const [code, count] of Object.entries(stats.errors)) {
      total.errors[Number(code)] = (total.errors[Number(code)] ?? 0) + count;
    }
    total.tooManyRequests += stats.tooManyRequests;
    total.webhookAttempts += stats.webhookAttempts;
    total.webhookFailures += stats.webhookFailures;
    for (const [chatId, list] of stats.deliveries) {
      const merged = [...(total.deliveries.get(chatId) ?? []), ...list].sort((a, b) => a.at - b.at);
      total.deliveries.set(chatId, merged);
    }
  }
  return total;
}

export function copyStats(stats: SandboxStats): SandboxStats {
  return mergeStats([stats]);
}
