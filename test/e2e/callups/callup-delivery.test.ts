import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import {
  buttonsOf,
  type CallUpHarness,
  type CallUpHarnessOptions,
  startCallUpBot,
} from '../../support/callup-harness.ts';
import { SETTLED } from '../../support/waits.ts';

const spec = (title: string, count: number): CallUpSpec => ({
  type: 'extreme_weather',
  urgency: 'immediate',
  title,
  description: 'کولاک شدید؛ جاده‌ها بسته است.',
  province: 'ardabil',
  city: 'اردبیل',
  needs: [{ specialty: 'gp', count }],
  start: 'now',
  durationHours: 6,
  meetingPoint: 'پایگاه هلال احمر',
  contact: 'آقای صادقی ۰۹۱۴۰۰۰۰۰۰۰',
});

/**
 * Delivery under pressure, through the app's persistent outbox and the sandbox: blocked chats, a 429 storm, a
 * restart in the middle of a broadcast, two instances sharing one outbox, and cards cancelled once a need is met.
 */
describe('call-up delivery through the outbox', () => {
  let h: CallUpHarness | undefined;
  afterEach(async () => {
    h?.sandbox.stopStorm();
    await h?.stop();
    h = undefined;
  });

  async function setUp(options: CallUpHarnessOptions, volunteers: number) {
    h = await startCallUpBot(options);
    const seeded: Volunteer[] = [];
    for (let i = 0; i < volunteers; i++) seeded.push(await h.volunteer({ specialty: 'gp', province: 'ardabil' }));
    return { h, seeded };
  }

  const cardsIn = (harness: CallUpHarness, v: Volunteer, title: string) =>
    harness.deliveredTo(v.platform, v.chatId).filter((text) => text.includes(title)).length;

  /** Waits until the coordinator's board shows every card of the call-up sent. */
  const boardShowsAllSent = (harness: CallUpHarness, callUp: CallUp, total: number) =>
    vi.waitFor(
      async () => {
        const { statusMessageId } = (await harness.repositories.callUps.get(callUp.id))!;
        const board = harness
          .coordinator()
          .messages()
          .find((m) => m.message_id === statusMessageId);
        const all = harness.t('fa')('callup:board.sending', { bar: '▰'.repeat(10), sent: total, total });
        expect(board?.text).toContain(all);
      },
      { timeout: 10_000, interval: 100 },
    );

  const drained = (harness: CallUpHarness, callUp: CallUp, timeout = 30_000) =>
    vi.waitFor(
      async () => {
        const progress = await harness.app.outbox.campaignProgress(`callup:${callUp.id}`);
        expect(progress.counts.queued + progress.counts.sending).toBe(0);
        return progress;
      },
      { timeout, interval: 200 },
    );

  it('when some volunteers blocked the bot, then they are marked unreachable and the board says so, until they write again', async () => {
    const { h, seeded } = await setUp({}, 6);
    for (const v of seeded.slice(0, 2)) {
      // They have talked to the bot before (as everyone who registered has), then blocked it.
      const chat = h.chatOf(v);
      chat.sendCommand('/start');
      await chat.waitForNew(1);
      chat.block();
    }
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('کولاک اردبیل', 2));
    const callUp = await h.latestCallUp();
    const progress = await drained(h, callUp);
    expect(progress.counts).toMatchObject({ sent: 4, blocked: 2 });
    for (const v of seeded.slice(0, 2)) {
      await vi.waitFor(
        async () => expect((await h.repositories.volunteers.get(v.key))?.reachable).toBe(false),
        SETTLED,
      );
    }
    await vi.waitFor(
      () => {
        const board = h
          .coordinator()
          .messages()
          .find((m) => m.message_id === callUp.statusMessageId);
        expect(board?.text).toContain('نرسید: ۲ نفر ربات را مسدود کرده‌اند');
      },
      { timeout: 10_000 },
    );

    // One of them unblocks the bot and writes to it: reachable again, and invited by the next call-up.
    const [back, away] = seeded as [Volunteer, Volunteer];
    const chat = h.chatOf(back);
    chat.unblock();
    chat.sendCommand('/start');
    await chat.waitForNew(1);
    await vi.waitFor(
      async () => expect((await h.repositories.volunteers.get(back.key))?.reachable).toBe(true),
      SETTLED,
    );
    expect((await h.repositories.volunteers.get(away.key))?.reachable).toBe(false);
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('کولاک دوم اردبیل', 6));
    const second = await h.latestCallUp('کولاک دوم اردبیل');
    const invited = new Set((await h.invitations(second.id)).map((i) => i.volunteerKey));
    expect(invited.has(back.key)).toBe(true);
    expect(invited.has(away.key)).toBe(false);
  });

  it('when the sandbox answers a storm of 429s, then every card still arrives, exactly once', async () => {
    const { h, seeded } = await setUp({}, 30);
    h.sandbox.startStorm({ retryAfter: 1, token: TEST_TOKENS.telegram, methods: ['sendMessage'] });
    const created = createCallUpInChat(h.coordinator(), h.t('fa'), spec('طوفان برف', 10), { timeoutMs: 30_000 });
    // The coordinator's own replies go through the bot's auto-retry, so the storm must end for the flow to finish.
    setTimeout(() => h.sandbox.stopStorm(), 3000);
    await created;
    const callUp = await h.latestCallUp();
    await drained(h, callUp, 60_000);
    expect(h.sandbox.stats(TEST_TOKENS.telegram).tooManyRequests).toBeGreaterThan(0);
    for (const v of seeded) expect(cardsIn(h, v, 'طوفان برف')).toBe(1);
  }, 90_000);

  it('when the bot restarts in the middle of a broadcast, then every card is delivered, duplicates within what was in flight, and the board shows it', async () => {
    const { h, seeded } = await setUp({ messagesPerSecond: 5 }, 24);
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('یخبندان', 8));
    const callUp = await h.latestCallUp();
    await vi.waitFor(
      async () => expect((await h.app.outbox.campaignProgress(`callup:${callUp.id}`)).counts.sent).toBeGreaterThan(3),
      { timeout: 10_000, interval: 50 },
    );
    await h.restart();
    await drained(h, callUp, 30_000);
    // The board follows the sending the restarted instance did, to the end.
    await boardShowsAllSent(h, callUp, 24);
    const counts = seeded.map((v) => cardsIn(h, v, 'یخبندان'));
    expect(counts.every((n) => n >= 1)).toBe(true);
    // The sender sends at most 4 at a time per platform: nothing beyond that can be sent twice.
    expect(counts.filter((n) => n > 1).length).toBeLessThanOrEqual(4);

    // A card from before the restart still answers after it.
    const v = seeded[0]!;
    const chat = h.chatOf(v);
    const card = chat.messages().find((m) => buttonsOf(m).includes(h.t('fa')('callup:card.yes')))!;
    chat.press(h.t('fa')('callup:card.yes'), card.message_id);
    await chat.waitFor((m) => m.text?.includes('پایگاه هلال احمر') === true);
  }, 90_000);

  it('when two instances share one outbox, then each card is sent once, by the one platform sender, and the board counts them', async () => {
    const { h, seeded } = await setUp({ messagesPerSecond: 4 }, 30);
    const second = await h.secondInstance();
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('سرمای شدید', 10));
    const callUp = await h.latestCallUp();
    second.outbox.kick();
    await drained(h, callUp, 30_000);
    for (const v of seeded) expect(cardsIn(h, v, 'سرمای شدید')).toBe(1);
    await boardShowsAllSent(h, callUp, 30);
    // One instance sends on a platform at a time (the platform's limits hold in its memory); the other stands by.
    const owners = await h.database.models.deliveryClaims.distinct('owner', { campaignId: `callup:${callUp.id}` });
    expect(owners.length).toBe(1);
  }, 90_000);

  it('when candidates come from the in-process index (FerretDB) and another instance paused one since, then they are not invited', async () => {
    const { h, seeded } = await setUp({ matching: 'index' }, 5);
    // Another instance is alive (its heartbeat), so the index loaded at the start may miss its writes; the pause below
    // is written from outside, as by that instance.
    const until = new Date(Date.now() + 3_600_000);
    await h.database.models.updateReceivers.create({ _id: 'another-instance', until });
    await h.restart();
    const pausing = seeded[0]!;
    await h.repositories.volunteers.update(pausing.key, () => ({
      status: 'paused',
      pausedUntil: new Date(h.clock.now().getTime() + 7 * 86_400_000),
    }));
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('کولاک در گردنه', 2));
    const callUp = await h.latestCallUp();
    const invited = (await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort();
    expect(invited).toEqual(
      seeded
        .slice(1)
        .map((v) => v.key)
        .sort(),
    );
  });

  it('when the need is met while cards are still queued, then the unsent cards of that specialty are cancelled', async () => {
    const { h, seeded } = await setUp({ messagesPerSecond: 1 }, 3);
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('بوران', 1));
    const callUp = await h.latestCallUp();
    const first = await vi.waitFor(
      () => {
        const v = seeded.find((s) => cardsIn(h, s, 'بوران') === 1);
        if (!v) throw new Error('no card yet');
        return v;
      },
      { timeout: 10_000, interval: 20 },
    );
    const chat = h.chatOf(first);
    const card = chat.messages().find((m) => buttonsOf(m).includes(h.t('fa')('callup:card.yes')))!;
    chat.press(h.t('fa')('callup:card.yes'), card.message_id);
    await chat.waitFor((m) => m.text?.includes('پایگاه هلال احمر') === true);
    const progress = await drained(h, callUp);
    expect(progress.counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(progress.counts.sent + progress.counts.cancelled).toBe(3);
    const delivered = seeded.reduce((sum, v) => sum + cardsIn(h, v, 'بوران'), 0);
    expect(delivered).toBe(progress.counts.sent);
  }, 60_000);

  it('when a filled need reopens after a drop-out, then those whose cards were withdrawn unsent are asked after all', async () => {
    const { h, seeded } = await setUp({ messagesPerSecond: 1 }, 3);
    await createCallUpInChat(h.coordinator(), h.t('fa'), spec('کولاک کوهستان', 1));
    const callUp = await h.latestCallUp();
    const fa = h.t('fa');
    const first = await vi.waitFor(
      () => {
        const v = seeded.find((s) => cardsIn(h, s, 'کولاک کوهستان') === 1);
        if (!v) throw new Error('no card yet');
        return v;
      },
      { timeout: 10_000, interval: 20 },
    );
    const chat = h.chatOf(first);
    const card = chat.messages().find((m) => buttonsOf(m).includes(fa('callup:card.yes')))!;
    chat.press(fa('callup:card.yes'), card.message_id);
    await chat.waitFor((m) => m.text?.includes('پایگاه هلال احمر') === true);
    await drained(h, callUp);

    const deliveries = await h.repositories.deliveries.listCampaign(`callup:${callUp.id}`);
    const unsent = new Set(deliveries.filter((d) => d.state === 'cancelled').map((d) => d.recipientKey));
    expect(unsent.size).toBeGreaterThanOrEqual(1);
    for (const i of await h.invitations(callUp.id)) {
      expect(i.withdrawnAt !== null, i.volunteerKey).toBe(unsent.has(i.volunteerKey));
    }
    // A bare «۱» from someone whose card never arrived answers nothing.
    const withdrawn = seeded.find((v) => unsent.has(v.key))!;
    const theirs = h.chatOf(withdrawn);
    theirs.sendText('۱');
    await theirs.waitForNew(1);
    expect(await h.repositories.answers.get(callUp.id, withdrawn.key)).toMatchObject({ answer: 'none' });

    // The confirmed volunteer drops out: the need is open again and a new wave asks the withdrawn ones.
    chat.press(fa('callup:card.change'), card.message_id);
    await chat.waitFor((m) => m.message_id === card.message_id && buttonsOf(m).includes(fa('callup:card.no')));
    chat.press(fa('callup:card.no'), card.message_id);
    await chat.waitFor((m) => m.text === fa('callup:declined'));
    for (const v of seeded.filter((s) => unsent.has(s.key))) {
      await vi.waitFor(() => expect(cardsIn(h, v, 'کولاک کوهستان')).toBe(1), { timeout: 15_000, interval: 100 });
      const again = await h.repositories.answers.get(callUp.id, v.key);
      expect(again).toMatchObject({ withdrawnAt: null, answer: 'none', wave: 2 });
      expect(again?.cardId).not.toBe(`callup:${callUp.id}:${v.key}`);
    }
  }, 60_000);
});
