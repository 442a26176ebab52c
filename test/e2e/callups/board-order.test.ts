import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../../src/app.ts';
import { toLatinDigits } from '../../../src/domain/text/persian-text.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, COORDINATOR_ID, startCallUpBot } from '../../support/callup-harness.ts';

/**
 * Two app instances on one database, each rendering the coordinator's status message: the sandbox holds one
 * instance's edit back (a slow request) while the other renders newer figures, so without ordering the older edit
 * lands last and the board goes backwards.
 */
describe('the coordinator status message across instances (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  let second: App;
  const fa = () => h.t('fa');

  beforeAll(async () => {
    // Boards move only when a test refreshes one, so the order of edits is the test's own.
    h = await startCallUpBot({ boardIntervalMs: 600_000 });
    second = await h.secondInstance();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when an older render is slow and another instance renders newer figures, then the board never goes backwards', async () => {
    const people: Volunteer[] = [];
    for (let i = 0; i < 2; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'gilan' }));
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      urgency: 'immediate',
      title: 'آب‌گرفتگی رشت',
      description: 'آب‌گرفتگی گسترده در چند محله.',
      province: 'gilan',
      city: 'رشت',
      needs: [{ specialty: 'gp', count: 2 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر استان',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const callUp = await h.latestCallUp('آب‌گرفتگی رشت');
    const confirm = async (v: Volunteer) => {
      const chat = h.chatOf(v);
      const card = await vi.waitFor(
        () => chat.messages().find((m) => buttonsOf(m).includes(fa()('callup:card.yes')))!,
        { timeout: 10_000, interval: 50 },
      );
      chat.press(fa()('callup:card.yes'), card.message_id);
      await chat.waitForAlert();
    };
    const confirmedShown: number[] = [];
    const unsubscribe = h.sandbox.on('edit', ({ chatId, message }) => {
      const count = /: ([۰-۹\d]+) از [۰-۹\d]+/.exec(message.text ?? '')?.[1];
      if (chatId === COORDINATOR_ID && count !== undefined) confirmedShown.push(Number(toLatinDigits(count)));
    });
    try {
      await confirm(people[0]!);
      const held = h.sandbox.holdNext({
        method: 'editMessageText',
        token: TEST_TOKENS.telegram,
        chatId: COORDINATOR_ID,
      });
      const older = h.app.boards.flush(callUp.id);
      await held.arrived;
      await confirm(people[1]!);
      const newer = second.boards.flush(callUp.id);
      // Unordered, the second instance's edit overtakes the held one within milliseconds; ordered, it waits for the
      // held one. Either way the held edit is let go after this bound, so the bound decides nothing by itself.
      await Promise.race([newer, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      held.release();
      await Promise.all([older, newer]);
    } finally {
      unsubscribe();
    }
    expect(confirmedShown.at(-1)).toBe(2);
    expect(confirmedShown).toEqual([...confirmedShown].sort((a, b) => a - b));
  });
});

describe('the coordinator status message while many answer (bot ↔ sandbox, real database)', () => {
  const INTERVAL_MS = 1_000;
  let h: CallUpHarness;
  const fa = () => h.t('fa');

  beforeAll(async () => {
    h = await startCallUpBot({ boardIntervalMs: INTERVAL_MS });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when a dozen answer at once, then the board is edited at most once per interval, not once per answer, and shows them all', async () => {
    const people: Volunteer[] = [];
    for (let i = 0; i < 12; i++) people.push(await h.volunteer({ specialty: 'nurse', province: 'gilan' }));
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      urgency: 'immediate',
      title: 'آب‌گرفتگی لاهیجان',
      description: 'آب‌گرفتگی گسترده در چند محله.',
      province: 'gilan',
      city: 'لاهیجان',
      needs: [{ specialty: 'nurse', count: 12 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر استان',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const callUp = await h.latestCallUp('آب‌گرفتگی لاهیجان');
    const cards = await vi.waitFor(
      () =>
        people.map((v) => {
          const card = h
            .chatOf(v)
            .messages()
            .find((m) => buttonsOf(m).includes(fa()('callup:card.yes')));
          if (!card) throw new Error(`no card for ${v.key}`);
          return card;
        }),
      { timeout: 20_000, interval: 50 },
    );
    // Let the board show the last card sent, so the edits counted below are the answers' own.
    const board = () =>
      h
        .coordinator()
        .messages()
        .find((m) => m.message_id === callUp.statusMessageId);
    await vi.waitFor(() => expect(board()?.text).toContain('۱۲ از ۱۲'), { timeout: 10_000 });
    let edits = 0;
    const unsubscribe = h.sandbox.on('edit', ({ chatId }) => {
      if (chatId === COORDINATOR_ID) edits += 1;
    });
    const started = performance.now();
    try {
      for (const [i, v] of people.entries()) h.chatOf(v).press(fa()('callup:card.yes'), cards[i]!.message_id);
      await Promise.all(people.map((v) => h.chatOf(v).waitForAlert()));
      await vi.waitFor(() => expect(board()?.text).toContain('✅ پرستار: ۱۲ از ۱۲'), { timeout: 10_000 });
    } finally {
      unsubscribe();
    }
    const elapsed = performance.now() - started;
    // Renders start at least an interval apart (one more for a render under way when the taps began), so a burst of
    // answers within an interval makes one edit, however many they are.
    expect(edits).toBeGreaterThan(0);
    expect(edits).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
  });
});

describe('the coordinator status message across a restart (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;

  beforeAll(async () => {
    h = await startCallUpBot({ boardIntervalMs: 600_000 });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the app stops while a board edit is in flight, then the edit finishes and frees the board before the database closes', async () => {
    await h.volunteer({ specialty: 'gp', province: 'gilan' });
    await createCallUpInChat(h.coordinator(), h.t('fa'), {
      type: 'flood',
      urgency: 'immediate',
      title: 'آب‌گرفتگی آستارا',
      description: 'آب‌گرفتگی گسترده در چند محله.',
      province: 'gilan',
      city: 'آستارا',
      needs: [{ specialty: 'gp', count: 1 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر استان',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const callUp = await h.latestCallUp('آب‌گرفتگی آستارا');
    await vi.waitFor(async () => {
      const { counts } = await h.app.outbox.campaignProgress(`callup:${callUp.id}`);
      expect(counts.queued + counts.sending).toBe(0);
    });
    const held = h.sandbox.holdNext({ method: 'editMessageText', token: TEST_TOKENS.telegram, chatId: COORDINATOR_ID });
    const rendering = h.app.boards.flush(callUp.id).catch(() => undefined);
    await held.arrived;
    const closed = new Promise((resolve) => h.app.database.connection.once('close', resolve));
    const restarted = h.restart();
    // Let the edit go once the old app has closed its database, or after a bound if it waits for the edit first:
    // either way the bound decides nothing by itself.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    held.release();
    await Promise.all([rendering, restarted]);
    // A lock left behind would hold every render of this board for 30 s: the board would stand still after a restart.
    expect(await h.database.models.documentLocks.find({ _id: /^board:/ }).lean()).toEqual([]);
  });
});
