import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDeliveryRepository,
  type NewDelivery,
  type NewResult,
  type SendableDelivery,
} from '../../../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../../../src/persistence/repositories/delivery-sender.repository.ts';
import { createTestDatabase } from '../../support/database.ts';
import { resetOutbox } from '../../support/outbox-harness.ts';

const database = await createTestDatabase();
let clock = new Date('2026-03-01T08:00:00Z');
const repository = createDeliveryRepository(database.models, { now: () => clock });
const senders = createDeliverySenderRepository(database.models);

function delivery(recipient: number, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    campaignId: 'c1',
    campaignKind: 'callup',
    priority: 0,
    platform: 'telegram',
    chatId: recipient,
    recipientKey: `telegram:${recipient}`,
    group: 'nurse',
    message: { text: `card ${recipient}`, replyMarkup: { inline_keyboard: [[{ text: 'می‌آیم', callback_data: 'y' }]] } },
    ...overrides,
  };
}

const claimOf = (d: SendableDelivery) => ({ ...d, attempt: d.attempt + 1 });
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

describe('delivery repository', () => {
  beforeEach(async () => {
    clock = new Date('2026-03-01T08:00:00Z');
    await resetOutbox(database);
  });

  it('when a keyboard with rows is enqueued, then it comes back as the same plain JSON (FerretDB has no nested arrays)', async () => {
    await repository.enqueue([delivery(1)]);
    const stored = await repository.get('c1:telegram:1');
    expect(stored?.message).toEqual({
      text: 'card 1',
      replyMarkup: { inline_keyboard: [[{ text: 'می‌آیم', callback_data: 'y' }]] },
    });
    expect(stored).toMatchObject({ state: 'queued', attempts: 0, chatId: '1', group: 'nurse' });
  });

  it('when thousands wait with the same card, then the scan holds that card once, not once per recipient', async () => {
    const card = { text: 'the same card', replyMarkup: { inline_keyboard: [[{ text: 'می‌آیم', callback_data: 'y' }]] } };
    const offered: SendableDelivery[] = [];
    await repository.enqueue([delivery(1, { message: card }), delivery(2, { message: card }), delivery(3)], {
      onInserted: (inserted) => offered.push(...inserted),
    });

    const { ready } = await repository.scanReady('telegram', 100);
    const [first, second, other] = ready;
    expect(first?.message).toEqual(card);
    expect(second?.message).toBe(first?.message);
    expect(other?.message).not.toBe(first?.message);
    expect(offered[1]?.message).toBe(offered[0]?.message);
  });

  it('when the scan runs, then ready deliveries come best first: priority, then age, then enqueue order', async () => {
    await repository.enqueue([delivery(3, { priority: 5 }), delivery(1, { priority: 5 })]);
    later(1000);
    await repository.enqueue([delivery(2, { campaignId: 'urgent', priority: 0 })]);
    await repository.enqueue([delivery(4, { notBefore: new Date(clock.getTime() + 60_000) })]);

    const { ready } = await repository.scanReady('telegram', 100);
    expect(ready.map((d) => d.id)).toEqual(['urgent:telegram:2', 'c1:telegram:3', 'c1:telegram:1']);
    expect((await repository.scanReady('bale', 100)).ready).toEqual([]);
  });

  it('when several instances claim the same attempts at once, then each delivery goes to exactly one of them', async () => {
    await repository.enqueue(Array.from({ length: 30 }, (_, i) => delivery(i + 1)));
    const { ready } = await repository.scanReady('telegram', 100);
    const leaseUntil = new Date(clock.getTime() + 60_000);
    for (const owner of ['a', 'b', 'c']) await senders.beat(owner, new Date(Date.now() + 60_000), new Date());

    const won = await Promise.all(
      ['a', 'b', 'c'].map((owner) => repository.claim(ready.map(claimOf), owner, leaseUntil)),
    );

    expect(won.reduce((sum, set) => sum + set.size, 0)).toBe(30);
    const all = won.flatMap((set) => [...set]);
    expect(new Set(all).size).toBe(30);
    expect((await repository.scanReady('telegram', 100)).ready).toEqual([]);
    expect((await repository.progress('c1')).counts.sending).toBe(30);
  });

  it("when a live instance's claim runs out without a result, then the delivery is offered again for the next attempt", async () => {
    await repository.enqueue([delivery(1)]);
    const [first] = (await repository.scanReady('telegram', 10)).ready;
    // Its heartbeat lives on (real time), so only the lease ends the claim.
    await senders.beat('stuck', new Date(Date.now() + 60_000), new Date());
    await repository.claim([claimOf(first!)], 'stuck', new Date(clock.getTime() + 30_000));
    later(29_000);
    expect((await repository.scanReady('telegram', 10)).ready).toEqual([]);

    later(2000);
    const [again] = (await repository.scanReady('telegram', 10)).ready;
    expect(again).toMatchObject({ id: 'c1:telegram:1', attempt: 1 });
    expect(await repository.claim([claimOf(first!)], 'late', new Date(clock.getTime() + 30_000))).toEqual(new Set());
    expect(await repository.claim([claimOf(again!)], 'survivor', new Date(clock.getTime() + 30_000))).toEqual(
      new Set(['c1:telegram:1']),
    );
  });

  it('when the instance holding a claim stops beating, then the delivery is offered again at once, lease or not', async () => {
    await repository.enqueue([delivery(1), delivery(2)]);
    const ready = (await repository.scanReady('telegram', 10)).ready;
    await senders.beat('alive', new Date(Date.now() + 60_000), new Date());
    await senders.beat('crashed', new Date(Date.now() - 1), new Date());
    await repository.claim([claimOf(ready[0]!)], 'alive', new Date(clock.getTime() + 60_000));
    await repository.claim([claimOf(ready[1]!)], 'crashed', new Date(clock.getTime() + 60_000));

    const again = (await repository.scanReady('telegram', 10)).ready;
    expect(again.map((d) => [d.id, d.attempt])).toEqual([['c1:telegram:2', 1]]);
  });

  it("when the scanning instance's own heartbeat looks late, then its own claims still hold for it (no resend of what it sent but has not recorded)", async () => {
    await repository.enqueue([delivery(1)]);
    const [first] = (await repository.scanReady('telegram', 10)).ready;
    await senders.beat('busy', new Date(Date.now() - 1), new Date());
    await repository.claim([claimOf(first!)], 'busy', new Date(clock.getTime() + 60_000));

    expect((await repository.scanReady('telegram', 10, 'busy')).ready).toEqual([]);
    // Another instance may take it: to it, the busy one looks dead.
    expect((await repository.scanReady('telegram', 10, 'other')).ready.map((d) => d.id)).toEqual(['c1:telegram:1']);
  });

  it('when a delivery is handed back with a backoff, then it waits for it and keeps its failure count', async () => {
    await repository.enqueue([delivery(1)]);
    const [first] = (await repository.scanReady('telegram', 10)).ready;
    await repository.claim([claimOf(first!)], 'a', new Date(clock.getTime() + 60_000));
    await repository.release(
      [
        {
          id: first!.id,
          campaignId: 'c1',
          attempt: 1,
          failures: 1,
          lastError: '502: Bad Gateway',
          notBefore: new Date(clock.getTime() + 5000),
        },
      ],
      'a',
    );
    expect((await repository.scanReady('telegram', 10)).ready).toEqual([]);
    expect(await repository.get(first!.id)).toMatchObject({
      state: 'queued',
      failures: 1,
      lastError: '502: Bad Gateway',
    });

    later(5000);
    expect((await repository.scanReady('telegram', 10)).ready[0]).toMatchObject({ attempt: 1, failures: 1 });
  });

  it('when two results are recorded for one delivery, then the first stays and the second is reported', async () => {
    await repository.enqueue([delivery(1)]);
    const sent = { id: 'c1:telegram:1', campaignId: 'c1', recipientKey: 'telegram:1', attempt: 1 };
    expect(await repository.recordResults([{ ...sent, state: 'sent', sentMessageId: 7, sentAt: clock }])).toEqual({
      recorded: ['c1:telegram:1'],
      duplicates: [],
    });
    expect(await repository.recordResults([{ ...sent, state: 'sent', sentMessageId: 8, sentAt: clock }])).toEqual({
      recorded: [],
      duplicates: ['c1:telegram:1'],
    });
    expect(await repository.get('c1:telegram:1')).toMatchObject({ state: 'sent', sentMessageId: 7 });
  });

  it('when results are settled, then the records themselves carry the final state and the scan skips them', async () => {
    await repository.enqueue([delivery(1), delivery(2)]);
    await repository.recordResults([
      {
        id: 'c1:telegram:1',
        campaignId: 'c1',
        recipientKey: 'telegram:1',
        attempt: 1,
        state: 'blocked',
        lastError: '403',
      },
    ]);
    const scan = await repository.scanReady('telegram', 10);
    expect(scan.ready.map((d) => d.id)).toEqual(['c1:telegram:2']);
    expect(scan.unsettled).toEqual([expect.objectContaining({ id: 'c1:telegram:1', state: 'blocked' })]);

    await repository.settle(scan.unsettled);

    const raw = await database.models.deliveries.findById('c1:telegram:1').lean();
    expect(raw).toMatchObject({ state: 'blocked', attempts: 1, lastError: '403' });
    expect((await repository.scanReady('telegram', 10)).unsettled).toEqual([]);
  });

  it('when a group is cancelled, then its queued deliveries read as cancelled and those with a result keep it', async () => {
    await repository.enqueue([delivery(1), delivery(2), delivery(3, { group: 'surgeon' })]);
    await repository.recordResults([
      { id: 'c1:telegram:1', campaignId: 'c1', recipientKey: 'telegram:1', attempt: 1, state: 'sent' },
    ]);
    later(10);
    await repository.cancel({ campaignId: 'c1', group: 'nurse' });

    const progress = await repository.progress('c1');
    expect(progress.counts).toMatchObject({ sent: 1, cancelled: 1, queued: 1 });
    expect(progress.groups).toEqual({
      nurse: { total: 2, counts: expect.objectContaining({ sent: 1, cancelled: 1 }) },
      surgeon: { total: 1, counts: expect.objectContaining({ queued: 1 }) },
    });
    expect((await repository.scanReady('telegram', 10)).ready.map((d) => d.id)).toEqual(['c1:telegram:3']);
  });

  it('when old finished deliveries are purged or a recipient is forgotten, then only those go', async () => {
    await repository.enqueue([delivery(1), delivery(2), delivery(3)]);
    await repository.recordResults([
      { id: 'c1:telegram:1', campaignId: 'c1', recipientKey: 'telegram:1', attempt: 1, state: 'sent' },
    ]);
    later(86_400_000);

    expect(await repository.purgeFinishedBefore(clock)).toBe(1);
    expect(await repository.forgetRecipient('telegram:2')).toBe(1);
    expect((await repository.listCampaign('c1')).map((d) => d.id)).toEqual(['c1:telegram:3']);
  });

  it('when sender instances beat, then each sees the others; a dead one is removed a minute after its heartbeat ends', async () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const plus = (ms: number) => new Date(at.getTime() + ms);
    expect((await senders.beat('a', plus(3000), at)).map((h) => h.owner)).toEqual(['a']);
    const enqueued = { at: plus(-5), listedSince: plus(-10), ids: { telegram: ['reply:1'] } };
    const seen = await senders.beat('b', plus(3000), at, { enqueued });
    expect(seen.map((h) => [h.owner, h.enqueued]).sort()).toEqual([
      ['a', undefined],
      ['b', enqueued],
    ]);
    // b stops beating (crashed): a removes its record a minute after it ran out.
    expect((await senders.beat('a', plus(70_000), plus(65_000))).map((h) => h.owner)).toEqual(['a']);
    await senders.leave('a', plus(66_000));
    expect(await database.models.deliverySenders.findById('a').lean()).toMatchObject({ until: plus(66_000) });
  });

  it('when several instances take the same term at once, then exactly one becomes the platform sender', async () => {
    const won = await Promise.all(
      ['a', 'b', 'c'].map((owner) => senders.takeTerm({ platform: 'telegram', term: 1, owner }, new Date())),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c'][won.indexOf(true)];
    expect(await senders.takeTerm({ platform: 'bale', term: 1, owner: 'c' }, new Date())).toBe(true);
    for (let term = 2; term <= 8; term += 1) await senders.takeTerm({ platform: 'bale', term, owner: 'c' }, new Date());
    const terms = await senders.currentTerms();
    expect(terms.get('telegram')).toEqual({ platform: 'telegram', term: 1, owner: winner });
    expect(terms.get('bale')).toEqual({ platform: 'bale', term: 8, owner: 'c' });
    // Old terms are dropped as new ones start.
    expect(await database.models.deliverySenderTerms.countDocuments({ platform: 'bale' })).toBeLessThanOrEqual(5);
  });
});

describe('campaign progress kept by a process alone on the database', () => {
  /** The repository of a process alone on the database; `repository` reads afresh, as another instance would. */
  const alone = createDeliveryRepository(database.models, { now: () => clock, exclusiveEpoch: () => 1 });
  const result = (recipient: number, group: string, state: NewResult['state']): NewResult => ({
    id: `c1:telegram:${recipient}`,
    campaignId: 'c1',
    group,
    recipientKey: `telegram:${recipient}`,
    state,
    attempt: 1,
  });

  beforeEach(async () => {
    clock = new Date('2026-03-01T08:00:00Z');
    await resetOutbox(database);
  });

  it('when cards are stored, sent, refused and cancelled after a first read, then it equals a fresh read each time', async () => {
    await alone.enqueue([delivery(1), delivery(2)]);
    expect(await alone.progress('c1')).toEqual(await repository.progress('c1'));

    // One of them waits for the morning: stored all the same, and counted.
    const morning = new Date(clock.getTime() + 3_600_000);
    await alone.enqueue([delivery(3, { group: 'doctor' }), delivery(4, { group: 'doctor', notBefore: morning })]);
    await alone.recordResults([result(1, 'nurse', 'sent'), result(3, 'doctor', 'blocked')]);
    // Recorded again (a second sender's late result): the first one stands.
    await alone.recordResults([result(1, 'nurse', 'failed')]);
    const midway = await alone.progress('c1');
    expect(midway).toEqual(await repository.progress('c1'));
    expect(midway.counts).toMatchObject({ queued: 2, sent: 1, blocked: 1, failed: 0 });

    await alone.cancel({ campaignId: 'c1', group: 'nurse' });
    const cancelled = await alone.progress('c1');
    expect(cancelled).toEqual(await repository.progress('c1'));
    expect(cancelled.groups.nurse?.counts).toMatchObject({ sent: 1, cancelled: 1 });
  });
});
