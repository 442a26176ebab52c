import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUIET_AFTER_SEND_MS, Settler } from '../../../src/messaging/outbox/settler.ts';
import type { DeliveryRepository, SettleChange } from '../../../src/persistence/repositories/delivery.repository.ts';

function settlerWith(lastSendAt: () => number) {
  const settled: SettleChange[][] = [];
  const deliveries = {
    async settle(changes: SettleChange[]) {
      settled.push(changes);
    },
  } as unknown as DeliveryRepository;
  const settler = new Settler({ deliveries, logger: pino({ level: 'silent' }), busy: () => false, lastSendAt });
  return { settler, settled };
}

const change = (id: string): SettleChange => ({ id, state: 'sent', attempts: 1 });

describe('settling final states', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('when the lane holds nothing for a moment between two chunks of a wave, then nothing is settled yet', async () => {
    const lastSend = Date.now();
    const { settler, settled } = settlerWith(() => lastSend);
    settler.start();
    settler.add([change('a'), change('b')]);
    await vi.advanceTimersByTimeAsync(QUIET_AFTER_SEND_MS / 2);
    expect(settled).toEqual([]);

    await vi.advanceTimersByTimeAsync(QUIET_AFTER_SEND_MS + 1000);
    expect(settled.flat().map((c) => c.id)).toEqual(['a', 'b']);
    await settler.stop();
  });

  it('when nothing was sent for a while, then what ended is settled at once', async () => {
    const { settler, settled } = settlerWith(() => 0);
    settler.start();
    settler.add([change('a')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled.flat().map((c) => c.id)).toEqual(['a']);
    await settler.stop();
  });
});
