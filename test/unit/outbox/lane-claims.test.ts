import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancellationCache } from '../../../src/messaging/outbox/cancellation-cache.ts';
import { LaneClaims, OFFERS_PAUSE_MS, type RefillContext } from '../../../src/messaging/outbox/lane-claims.ts';
import { Settler } from '../../../src/messaging/outbox/settler.ts';
import type {
  DeliveryRepository,
  SendableDelivery,
} from '../../../src/persistence/repositories/delivery.repository.ts';

const logger = pino({ level: 'silent' });

function card(n: number): SendableDelivery {
  return {
    id: `wave:${n}`,
    campaignId: 'wave',
    campaignKind: 'callup',
    priority: 0,
    platform: 'telegram',
    chatId: String(n),
    recipientKey: `telegram:${n}`,
    message: { text: 'card' },
    createdAt: new Date(0),
    seq: n,
    attempt: 0,
    failures: 0,
  };
}

/** A lane's claims over an outbox that holds nothing but what is offered, counting its scans. */
function claimsOverEmptyOutbox() {
  const scans: number[] = [];
  const deliveries = {
    async scanReady() {
      scans.push(performance.now());
      return { ready: [], unsettled: [], cancellations: [] };
    },
    async claim(requests: SendableDelivery[]) {
      return new Set(requests.map((r) => r.id));
    },
  } as unknown as DeliveryRepository;
  const claims = new LaneClaims({
    platform: 'telegram',
    deliveries,
    owner: 'me',
    leaseMs: 60_000,
    pollIntervalMs: 5000,
    rescanIntervalMs: 15_000,
    scanLimit: 10_000,
    now: () => new Date(),
    cancellations: new CancellationCache(deliveries, 1000, logger),
    settler: new Settler({ deliveries, logger, busy: () => false, lastSendAt: () => 0 }),
  });
  return { claims, scans };
}

const lane: RefillContext = { chunk: 500, canClaim: () => true, pollsAgain: () => true };

/** Refills as the lane does when it holds fewer than it wants: a scan only when one is due. */
async function refillIfNeeded(claims: LaneClaims): Promise<void> {
  if (claims.scanNeeded(3000)) await claims.scan(lane);
  if (claims.claimNeeded(3000)) await claims.claim(lane, 3000);
}

describe('a lane claiming what it is offered', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('when a wave is offered chunk by chunk, then the outbox is not scanned again until the offers pause', async () => {
    const { claims, scans } = claimsOverEmptyOutbox();
    await refillIfNeeded(claims); // the first scan of a started lane
    expect(scans).toHaveLength(1);

    for (let chunk = 0; chunk < 5; chunk++) {
      claims.offer([card(2 * chunk), card(2 * chunk + 1)]);
      await refillIfNeeded(claims); // claims the chunk
      await refillIfNeeded(claims);
      await vi.advanceTimersByTimeAsync(300);
      await refillIfNeeded(claims);
    }
    expect(claims.held.size).toBe(10);
    expect(scans).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(OFFERS_PAUSE_MS);
    expect(claims.nextLookAt).toBeLessThanOrEqual(performance.now());
    await refillIfNeeded(claims);
    expect(scans).toHaveLength(2);
    expect(claims.nothingToFind).toBe(true);
  });

  it('when more of a wave is announced, then the lane expects offers (and the settler waits) until the pause ends', async () => {
    const { claims } = claimsOverEmptyOutbox();
    await refillIfNeeded(claims);
    expect(claims.offersExpected).toBe(false);
    claims.offer([card(0), card(1)], { moreToCome: true });
    await vi.advanceTimersByTimeAsync(4900);
    expect(claims.offersExpected).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(claims.offersExpected).toBe(false);
  });

  it('when a better candidate is offered, then it is claimed alone while enough is held, and a chunk is claimed while too little is', async () => {
    const { claims } = claimsOverEmptyOutbox();
    const small: RefillContext = { ...lane, chunk: 4 };
    claims.offer(Array.from({ length: 12 }, (_, n) => card(n)));
    await claims.claim(small, 6);
    await claims.claim(small, 6);
    expect(claims.held.size).toBe(8);

    // An answer's follow-up, say, while 8 are held and 6 wanted.
    claims.offer([{ ...card(100), id: 'reply', priority: -10 }], { complete: true });
    expect(claims.claimNeeded(6)).toBe(true);
    await claims.claim(small, 6);
    expect(claims.held.values().map((d) => d.id)).toEqual([
      'reply',
      ...Array.from({ length: 8 }, (_, n) => `wave:${n}`),
    ]);

    // More than a chunk held, but fewer than wanted (a slow scan raises the mark): the next chunk.
    expect(claims.claimNeeded(12)).toBe(true);
    await claims.claim(small, 12);
    expect(claims.held.size).toBe(13);
  });
});
