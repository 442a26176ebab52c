// The bot's own counters, as its HTTP server reports them on /metrics.
import type { WriteMetrics } from '../../src/persistence/write-counter.ts';

export interface BotMetrics extends WriteMetrics {
  handlers: { count: number; p50Ms: number; p95Ms: number; p99Ms: number };
  rssMb: number;
}

export async function readBotMetrics(port: number): Promise<BotMetrics> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return (await response.json()) as BotMetrics;
}
