/**
 * Whether a platform's API works, as every instance sees it: degraded once its calls failed or timed out for the last
 * `failures` attempts in a row, or kept failing for `failingMs`. Stored in the database so one instance's findings
 * steer every instance's failover; written only when the picture changes, never once per successful send.
 */
import { createKeyedSerializer } from '../../persistence/keyed-serializer.ts';
import type {
  PlatformHealthRecord,
  PlatformHealthRepository,
} from '../../persistence/repositories/reach.repository.ts';

/** A channel whose health is kept: a messenger platform, or the SMS provider. */
export type Channel = 'telegram' | 'bale' | 'sms';

export interface HealthThresholds {
  /** Failed calls in a row that make a platform degraded (default 5). */
  failures: number;
  /** Or this long failing without one success (default 30 s). */
  failingMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { failures: 5, failingMs: 30_000 };

/** A stored view is read again after this long, so another instance's findings arrive within it. */
const REFRESH_MS = 1000;

export interface ChannelHealth {
  channel: string;
  degraded: boolean;
  failures: number;
  failingSince: string | undefined;
  lastError: string | undefined;
}

export interface PlatformHealth {
  recordSuccess(channel: Channel): Promise<void>;
  recordFailure(channel: Channel, error: string): Promise<void>;
  isDegraded(channel: Channel): Promise<boolean>;
  /** Every channel with a record, for /healthz and the coordinator's status. */
  report(): Promise<ChannelHealth[]>;
}

export function isDegradedRecord(record: PlatformHealthRecord | undefined, now: Date, limits: HealthThresholds) {
  if (!record || record.failures === 0 || !record.failingSince) return false;
  return record.failures >= limits.failures || now.getTime() - record.failingSince.getTime() >= limits.failingMs;
}

export function createPlatformHealth(deps: {
  store: PlatformHealthRepository;
  now: () => Date;
  thresholds?: Partial<HealthThresholds>;
}): PlatformHealth {
  const limits = { ...DEFAULT_HEALTH_THRESHOLDS, ...deps.thresholds };
  const known = new Map<string, { record: PlatformHealthRecord | undefined; readAt: number }>();
  // One write at a time per channel in this process: concurrent sends failing together must each count.
  const serialize = createKeyedSerializer();

  /** Reads under way: the sends finishing together when the view is stale share one (at 1,000/s, 170 reads in 10 s). */
  const reading = new Map<string, Promise<PlatformHealthRecord | undefined>>();
  const current = (channel: Channel) => {
    const cached = known.get(channel);
    if (cached && Date.now() - cached.readAt < REFRESH_MS) return Promise.resolve(cached.record);
    let read = reading.get(channel);
    if (!read) {
      read = deps.store
        .get(channel)
        .then((record) => {
          known.set(channel, { record, readAt: Date.now() });
          return record;
        })
        .finally(() => reading.delete(channel));
      reading.set(channel, read);
    }
    return read;
  };
  const write = async (record: PlatformHealthRecord) => {
    await deps.store.put(record);
    known.set(record.platform, { record, readAt: Date.now() });
  };

  return {
    async recordSuccess(channel) {
      const record = await current(channel);
      if (record && record.failures === 0) return;
      await serialize(channel, async () => {
        // Sends that finished together each saw the failures (or no record at all): the first one's write is enough.
        if (known.get(channel)?.record?.failures === 0) return;
        const now = deps.now();
        await write({
          platform: channel,
          failures: 0,
          failingSince: null,
          lastOkAt: now,
          lastError: null,
          updatedAt: now,
        });
      });
    },
    recordFailure: (channel, error) =>
      serialize(channel, async () => {
        // Read fresh: another instance may have counted too (one lost across instances delays by one call only).
        const record = await deps.store.get(channel);
        const now = deps.now();
        await write({
          platform: channel,
          failures: (record?.failures ?? 0) + 1,
          failingSince: record?.failingSince ?? now,
          lastOkAt: record?.lastOkAt ?? null,
          lastError: error.slice(0, 200),
          updatedAt: now,
        });
      }),
    async isDegraded(channel) {
      return isDegradedRecord(await current(channel), deps.now(), limits);
    },
    async report() {
      const now = deps.now();
      return (await deps.store.list()).map((r) => ({
        channel: r.platform,
        degraded: isDegradedRecord(r, now, limits),
        failures: r.failures,
        failingSince: r.failingSince?.toISOString(),
        lastError: r.lastError ?? undefined,
      }));
    },
  };
}
