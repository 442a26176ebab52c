import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createFailover, type FailoverDeps } from '../../../src/services/reach/failover.service.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';

const FAILOVER_AFTER_MS = 10 * 60_000;

/** A failover over one live call-up whose cards are read by counted calls; the rest of the world is quiet. */
function aSweep(createdAt: Date, degraded = false) {
  const clock = { now: createdAt.getTime() };
  const callUp = aCallUp({ id: 'c1', status: 'open', createdAt });
  const reads = { cards: 0 };
  const deps = {
    callUps: { listLive: async () => [callUp], get: async () => callUp, update: async () => callUp },
    answers: { listByCallUp: async () => [] },
    deliveries: {
      listCampaign: async () => {
        reads.cards += 1;
        return [];
      },
    },
    smsMessages: { cardsOf: async () => [] },
    health: {
      report: async () => [{ channel: 'bale', degraded, failures: 0, failingSince: undefined, lastError: undefined }],
    },
    now: () => new Date(clock.now),
    logger: pino({ level: 'silent' }),
    failoverAfterMs: FAILOVER_AFTER_MS,
  } as unknown as FailoverDeps;
  const failover = createFailover(deps);
  const sweepAt = async (msAfterCreation: number) => {
    clock.now = createdAt.getTime() + msAfterCreation;
    await failover.sweep();
    return reads.cards;
  };
  return { sweepAt };
}

describe('the failover sweep of a new call-up', () => {
  it('when every platform works, then its cards are first read a minute in, not while its first wave goes out', async () => {
    const { sweepAt } = aSweep(new Date('2026-12-08T08:00:00Z'));
    expect(await sweepAt(5_000)).toBe(0);
    expect(await sweepAt(55_000)).toBe(0);
    expect(await sweepAt(60_000)).toBe(1);
    // Younger than the failover time: no copy can be due, so not again until then.
    expect(await sweepAt(5 * 60_000)).toBe(1);
    expect(await sweepAt(FAILOVER_AFTER_MS)).toBe(2);
    expect(await sweepAt(FAILOVER_AFTER_MS + 30_000)).toBe(2);
    expect(await sweepAt(FAILOVER_AFTER_MS + 60_000)).toBe(3);
  });

  it('when a platform is degraded, then it is looked at on every sweep from the start', async () => {
    const { sweepAt } = aSweep(new Date('2026-12-08T08:00:00Z'), true);
    expect(await sweepAt(5_000)).toBe(1);
    expect(await sweepAt(10_000)).toBe(2);
  });
});
