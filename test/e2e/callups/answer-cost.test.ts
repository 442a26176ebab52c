import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

/** The collections an answer itself reads and writes; the update pipeline's own (sessions, logs) are not counted. */
const ANSWER_COLLECTIONS = new Set(['callups', 'callup_answers', 'callup_seats', 'document_locks']);
const WRITES = new Set(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany']);

/**
 * What one answer costs the database, counted from the driver calls the app makes while a volunteer's tap is
 * handled: the answer path is the hot path when thousands answer a call-up at once.
 */
describe('the database work of one answer (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');
  let counting = false;
  const calls: { collection: string; method: string }[] = [];

  beforeAll(async () => {
    // The board is not refreshed within a test, so what is counted is the answer's own work.
    h = await startCallUpBot({ boardIntervalMs: 600_000 });
    mongoose.set('debug', (collection: string, method: string, filter?: unknown) => {
      // The first-wave watcher polls for half-queued call-ups every few seconds: its reads are not the answer's.
      const watcherPoll = typeof filter === 'object' && filter !== null && 'firstWave' in filter;
      if (counting && ANSWER_COLLECTIONS.has(collection) && !watcherPoll) calls.push({ collection, method });
    });
  }, 60_000);
  afterAll(async () => {
    mongoose.set('debug', false);
    await h?.stop();
  });

  const cardOf = (v: Volunteer) =>
    vi.waitFor(
      () => {
        const card = h
          .chatOf(v)
          .messages()
          .findLast((m) => buttonsOf(m).includes(fa()('callup:card.yes')));
        if (!card) throw new Error(`no card for ${v.key}`);
        return card;
      },
      { timeout: 10_000, interval: 50 },
    );
  /** Presses «می‌آیم» and waits until the card shows the answer; returns the database calls made meanwhile. */
  const confirm = async (v: Volunteer, measure: boolean) => {
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    calls.length = 0;
    counting = measure;
    chat.press(fa()('callup:card.yes'), card.message_id);
    await chat.waitForAlert();
    await chat.waitFor((m) => m.message_id === card.message_id && buttonsOf(m).includes(fa()('callup:card.change')));
    counting = false;
    const writes = calls.filter((c) => WRITES.has(c.method)).length;
    return { writes, reads: calls.length - writes, calls: [...calls] };
  };

  it('when the tenth seat is taken, then the answer costs as few writes as the first, not one more per seat taken', async () => {
    const people: Volunteer[] = [];
    for (let i = 0; i < 11; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'bushehr' }));
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      urgency: 'immediate',
      title: 'آب‌گرفتگی بوشهر',
      description: 'آب‌گرفتگی گسترده در چند محله.',
      province: 'bushehr',
      city: 'بوشهر',
      needs: [{ specialty: 'gp', count: 12 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر استان',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const invited = new Set(
      (await h.invitations((await h.latestCallUp('آب‌گرفتگی بوشهر')).id)).map((i) => i.volunteerKey),
    );
    const asked = people.filter((v) => invited.has(v.key));
    expect(asked.length).toBeGreaterThanOrEqual(10);
    const first = await confirm(asked[0]!, true);
    for (const v of asked.slice(1, 9)) await confirm(v, false);
    const tenth = await confirm(asked[9]!, true);
    // The seat, and the invitation under its lock (take, write, release).
    expect(first.writes).toBeLessThanOrEqual(4);
    expect(tenth.writes).toBe(first.writes);
    // Fewer, if anything: the first answer read the seats, which this instance, alone, keeps from then on.
    expect(tenth.reads).toBeLessThanOrEqual(first.reads);
  });

  it('when six decline at once, then one wave invites the next six, not a small wave per answer', async () => {
    const people: Volunteer[] = [];
    for (let i = 0; i < 12; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'hormozgan' }));
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      urgency: 'immediate',
      title: 'آب‌گرفتگی بندرعباس',
      description: 'آب‌گرفتگی گسترده در چند محله.',
      province: 'hormozgan',
      city: 'بندرعباس',
      needs: [{ specialty: 'gp', count: 2 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر استان',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const callUp = await h.latestCallUp('آب‌گرفتگی بندرعباس');
    const invitations = () => h.invitations(callUp.id);
    const first = new Set((await invitations()).map((i) => i.volunteerKey));
    expect(first.size).toBe(6);
    const decliners = people.filter((v) => first.has(v.key));
    const cards = await Promise.all(decliners.map(cardOf));
    for (const [i, v] of decliners.entries()) h.chatOf(v).press(fa()('callup:card.no'), cards[i]!.message_id);
    await Promise.all(decliners.map((v) => h.chatOf(v).waitForAlert()));
    await vi.waitFor(async () => expect(await invitations()).toHaveLength(12), { timeout: 20_000, interval: 100 });
    expect([...new Set((await invitations()).map((i) => i.wave))].sort()).toEqual([1, 2]);
  });
});
