import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { type CallUpHarness, COORDINATOR_ID, startCallUpBot } from '../../support/callup-harness.ts';

const TITLE = 'زلزله در ایلام';

/**
 * The first cards of a call-up go out without waiting for the coordinator's status message: posting that one waits
 * out the pace of the coordinator's chat, which held every card back by a second. The sandbox holds the board's
 * post (a slow request) to show the order without relying on timing.
 */
describe('the first cards of a call-up (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  beforeAll(async () => {
    h = await startCallUpBot();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the status message is slow to post, then the first cards reach the volunteers meanwhile, and the status message follows', async () => {
    const fa = h.t('fa');
    const people: Volunteer[] = [];
    for (let i = 0; i < 3; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'ilam' }));
    const { preview } = await createCallUpInChat(
      h.coordinator(),
      fa,
      {
        type: 'earthquake',
        urgency: 'immediate',
        title: TITLE,
        description: 'چند روستا آسیب دیده‌اند.',
        province: 'ilam',
        city: 'ایلام',
        needs: [{ specialty: 'gp', count: 1 }],
        start: 'now',
        durationHours: 8,
        meetingPoint: 'هلال احمر استان',
        contact: 'آقای رضایی ۰۹۱۲۰۰۰۰۰۰۰',
      },
      { send: false },
    );
    const held = h.sandbox.holdNext({ method: 'sendMessage', token: TEST_TOKENS.telegram, chatId: COORDINATOR_ID });
    h.coordinator().press(fa('callup:create.send'), preview.message_id);
    await held.arrived;
    try {
      await vi.waitFor(
        () => {
          for (const v of people) {
            expect(h.deliveredTo(v.platform, v.chatId).filter((text) => text.includes(TITLE))).toHaveLength(1);
          }
        },
        { timeout: 15_000, interval: 50 },
      );
    } finally {
      held.release();
    }
    await vi.waitFor(
      () =>
        expect(
          h
            .coordinator()
            .messages()
            .some((m) => m.text?.includes(TITLE) && m.message_id !== preview.message_id),
        ).toBe(true),
      { timeout: 15_000, interval: 50 },
    );
  });
});
