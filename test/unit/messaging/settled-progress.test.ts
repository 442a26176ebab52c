import { describe, expect, it } from 'vitest';
import { createSettledProgress } from '../../../src/messaging/outbox/settled-progress.ts';
import type { CampaignProgress, StateCounts } from '../../../src/persistence/repositories/delivery.repository.ts';

const counts = (over: Partial<StateCounts>): StateCounts => ({
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  blocked: 0,
  cancelled: 0,
  ...over,
});
const progressOf = (over: Partial<StateCounts>): CampaignProgress => {
  const all = counts(over);
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  return { campaignId: 'c', total, counts: all, groups: {} };
};

/** A campaign whose stored state the test sets, counting the reads that reach it. */
function aCampaign(initial: Partial<StateCounts>) {
  let stored = progressOf(initial);
  let clock = 0;
  const reads = { count: 0 };
  const settled = createSettledProgress(
    async () => {
      reads.count += 1;
      return stored;
    },
    15_000,
    () => clock,
  );
  return {
    settled,
    reads,
    set: (over: Partial<StateCounts>) => {
      stored = progressOf(over);
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('a campaign progress kept while settled', () => {
  it('when every card has gone out, then boards read it once per keep time, not on every refresh', async () => {
    const c = aCampaign({ sent: 5000 });
    for (let i = 0; i < 5; i++) expect((await c.settled.read('c')).counts.sent).toBe(5000);
    expect(c.reads.count).toBe(1);
    c.advance(15_000);
    await c.settled.read('c');
    expect(c.reads.count).toBe(2);
  });

  it('when cards are still going out, then every read sees the database', async () => {
    const c = aCampaign({ sent: 10, queued: 5 });
    await c.settled.read('c');
    c.set({ sent: 15 });
    expect((await c.settled.read('c')).counts.sent).toBe(15);
    expect(c.reads.count).toBe(2);
  });

  it('when more is enqueued here, then the next read is fresh', async () => {
    const c = aCampaign({ sent: 10 });
    await c.settled.read('c');
    c.set({ sent: 10, queued: 3 });
    c.settled.changed('c');
    expect((await c.settled.read('c')).counts.queued).toBe(3);
  });

  it('when a change lands while a read is under way, then that read is not kept', async () => {
    const c = aCampaign({ sent: 10 });
    const reading = c.settled.read('c');
    c.settled.changed('c');
    await reading;
    c.set({ sent: 10, queued: 3 });
    expect((await c.settled.read('c')).counts.queued).toBe(3);
  });

  it('when a campaign is still empty, then it is not kept (another writer may be filling it)', async () => {
    const c = aCampaign({});
    await c.settled.read('c');
    c.set({ queued: 4 });
    expect((await c.settled.read('c')).counts.queued).toBe(4);
  });

  it('when the kept progress shows nothing unsent in a scope, then cancelling it changes nothing counted', async () => {
    const c = aCampaign({ sent: 10 });
    expect(c.settled.settledIn({ campaignId: 'c' })).toBe(false);
    await c.settled.read('c');
    expect(c.settled.settledIn({ campaignId: 'c' })).toBe(true);
    expect(c.settled.settledIn({ campaignId: 'c', group: 'nurse' })).toBe(true);
    expect(c.settled.settledIn({ campaignId: 'other' })).toBe(false);
    c.advance(15_000);
    expect(c.settled.settledIn({ campaignId: 'c' })).toBe(false);
  });

  it('when several ask while the campaign is being read, then they share that one read', async () => {
    const c = aCampaign({ sent: 10 });
    const asked = await Promise.all([c.settled.read('c'), c.settled.read('c'), c.settled.read('c')]);
    expect(asked.map((p) => p.counts.sent)).toEqual([10, 10, 10]);
    expect(c.reads.count).toBe(1);
  });

  it('when a change lands while a read is shared, then who asks after it reads again', async () => {
    const c = aCampaign({ sent: 10 });
    const before = c.settled.read('c');
    c.set({ sent: 10, queued: 2 });
    c.settled.changed('c');
    const after = c.settled.read('c');
    expect((await before).counts.queued).toBe(0);
    expect((await after).counts.queued).toBe(2);
    expect(c.reads.count).toBe(2);
  });
});
