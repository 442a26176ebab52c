import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

/** What a coordinator types is shown as typed: their digits, the ezafe's kasra, the decimal separator. */
const TYPED = {
  title: 'زلزله‌ی ۵٫۸ ورامین',
  description: 'مصدومان را به درِ اورژانس بیاورید.',
  city: 'ورامین',
  meetingPoint: 'درِ اورژانس بیمارستان شهدا',
  contact: 'دکتر رضایی ۰۹۱۲۳۴۵۶۷۸۹',
};

describe('call-up: the coordinator’s words are kept (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  let volunteer: Volunteer;
  const fa = () => h.t('fa');

  beforeAll(async () => {
    h = await startCallUpBot();
    volunteer = await h.volunteer({ specialty: 'gp', province: 'tehran' });
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'earthquake',
      province: 'tehran',
      needs: [{ specialty: 'gp', count: 1 }],
      start: 'now',
      durationHours: 6,
      // Bidi overrides and a stray control character are what goes.
      ...TYPED,
      title: `\u202E${TYPED.title}\u0007`,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when a volunteer gets the card and answers «می‌آیم», then title, place and details read as the coordinator typed them', async () => {
    const chat = h.chatOf(volunteer);
    const card = await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), 10_000);
    expect(card.text).toContain(`\u2068${TYPED.title}\u2069`);
    expect(card.text).toContain(TYPED.description);
    expect(card.text).not.toContain('5٫8');
    chat.press(fa()('callup:card.yes'), card.message_id);
    const details = await chat.waitFor((m) => m.text?.includes(TYPED.meetingPoint) === true, 10_000);
    expect(details.text).toContain(`📌 محل استقرار: ${TYPED.meetingPoint}`);
    expect(details.text).toContain(`☎️ هماهنگ‌کننده‌ی محل: \u2068${TYPED.contact}\u2069`);
    expect(details.text).not.toContain('09123456789');

    const callUp = await h.latestCallUp();
    expect(callUp).toMatchObject(TYPED);
    await vi.waitFor(async () =>
      expect((await h.repositories.answers.get(callUp.id, volunteer.key))?.answer).toBe('yes'),
    );
  });
});
