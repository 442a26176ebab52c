import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { type CallUpHarness, COORDINATOR_ID, COORDINATOR_KEY, startCallUpBot } from '../../support/callup-harness.ts';

const TITLE = 'رانش زمین در رامیان';

/**
 * A first wave left half queued by an instance that is gone (SIGKILLed: see callup-crash.test.ts for the real
 * process) is finished within seconds, whatever the wave lag, and nobody is invited or sent a card twice.
 */
/** A call-up for two GPs in Golestan as a crash leaves it: its first wave `queuing` under a lease that ran out. */
const leftQueuing = (id: string, now: Date) =>
  aCallUp({
    id,
    title: TITLE,
    province: 'golestan',
    reachProvinces: ['golestan'],
    needs: [{ specialty: 'gp', count: 2 }],
    coordinator: { key: COORDINATOR_KEY, platform: 'telegram', chatId: String(COORDINATOR_ID), locale: 'fa' },
    statusMessageId: null,
    firstWave: 'queuing',
    queuingUntil: new Date(Date.now() - 1000),
    startsAt: now,
    createdAt: now,
    updatedAt: now,
  });

describe('an unfinished first wave', () => {
  let h: CallUpHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('when a call-up was left queuing with part of its invitations stored, then after a restart the rest are invited and each volunteer gets one card within seconds', async () => {
    h = await startCallUpBot();
    const seeded: Volunteer[] = [];
    for (let i = 0; i < 6; i++) seeded.push(await h.volunteer({ specialty: 'gp', province: 'golestan' }));
    const [sent, stored] = seeded as [Volunteer, Volunteer, ...Volunteer[]];
    const now = h.clock.now();
    // What a crash leaves: the call-up `queuing` under a lease that ran out, two invitations stored, one card queued.
    const callUp = leftQueuing('rmyn0001', now);
    expect(await h.repositories.callUps.create(callUp)).toBe(true);
    const invitations = [sent, stored].map((v) =>
      anInvitation(callUp.id, v.key, { chatId: v.chatId, province: 'golestan', invitedAt: now }),
    );
    await h.repositories.answers.invite(invitations);
    await h.repositories.deliveries.enqueue([
      {
        id: invitations[0]!.cardId,
        campaignId: `callup:${callUp.id}`,
        campaignKind: 'callup',
        priority: 0,
        platform: 'telegram',
        chatId: sent.chatId,
        recipientKey: sent.key,
        group: 'gp',
        message: { text: `🔴 ${TITLE}` },
      },
    ]);

    // A restart finds it at once: the lease has lapsed.
    const startedAt = Date.now();
    await h.restart();
    await vi.waitFor(
      () => {
        for (const v of seeded) {
          const cards = h!.deliveredTo(v.platform, v.chatId).filter((text) => text.includes(TITLE));
          expect(cards, v.key).toHaveLength(1);
        }
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await vi.waitFor(async () =>
      expect(await h!.repositories.callUps.get(callUp.id)).toMatchObject({ firstWave: 'queued', queuingUntil: null }),
    );
    expect((await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort()).toEqual(seeded.map((v) => v.key).sort());
    // The board the crash never posted is there, counting the cards out (a board is redrawn at most every 3 s: the
    // first drawing may come before the last card is sent).
    await vi.waitFor(
      () => {
        const board = h!
          .coordinator()
          .messages()
          .find((m) => m.text?.includes(TITLE));
        expect(board?.text).toContain(h!.t('fa')('callup:board.sending', { bar: '▰'.repeat(10), sent: 6, total: 6 }));
      },
      { timeout: 10_000, interval: 100 },
    );
  });
  it('when a call-up was left queuing with its picks stored and some of them invited, then after a restart exactly the rest of those picks are invited and each gets one card', async () => {
    h = await startCallUpBot();
    const seeded: Volunteer[] = [];
    for (let i = 0; i < 8; i++) seeded.push(await h.volunteer({ specialty: 'gp', province: 'golestan' }));
    // Six picked of eight who match (three per seat); two left out, whom a fresh choice could have asked.
    const picks = seeded.slice(2);
    const now = h.clock.now();
    const callUp = leftQueuing('rmyn0002', now);
    expect(await h.repositories.callUps.create(callUp)).toBe(true);
    // What a crash leaves: the picks, two of them noted as queued, and a third invited whose card never was queued.
    await h.repositories.callUps.savePicks(callUp.id, picks, now);
    await h.repositories.callUps.notePicksQueued(callUp.id, 2);
    const invitations = picks
      .slice(0, 3)
      .map((v) => anInvitation(callUp.id, v.key, { chatId: v.chatId, province: 'golestan', invitedAt: now }));
    await h.repositories.answers.invite(invitations);
    await h.repositories.deliveries.enqueue(
      picks.slice(0, 2).map((v, i) => ({
        id: invitations[i]!.cardId,
        campaignId: `callup:${callUp.id}`,
        campaignKind: 'callup' as const,
        priority: 0,
        platform: 'telegram' as const,
        chatId: v.chatId,
        recipientKey: v.key,
        group: 'gp',
        message: { text: `🔴 ${TITLE}` },
      })),
    );

    await h.restart();
    await vi.waitFor(
      async () =>
        expect(await h!.repositories.callUps.get(callUp.id)).toMatchObject({ firstWave: 'queued', queuingUntil: null }),
      { timeout: 10_000, interval: 50 },
    );
    await vi.waitFor(
      () => {
        for (const v of seeded) {
          const cards = h!.deliveredTo(v.platform, v.chatId).filter((text) => text.includes(TITLE));
          expect(cards, v.key).toHaveLength(picks.includes(v) ? 1 : 0);
        }
      },
      { timeout: 10_000, interval: 50 },
    );
    expect((await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort()).toEqual(picks.map((v) => v.key).sort());
    // Done with: the picks are dropped.
    expect(await h.repositories.callUps.picks(callUp.id)).toBeUndefined();
  });
});
