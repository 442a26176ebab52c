import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';
import { SETTLED } from '../../support/waits.ts';

const PLACE = { latitude: 35.7, longitude: 51.4 };

const spec = (title: string, count: number): CallUpSpec => ({
  type: 'earthquake',
  title,
  description: 'چند ساختمان آسیب دیده است.',
  province: 'tehran',
  city: 'تهران',
  needs: [{ specialty: 'gp', count }],
  start: 'now',
  durationHours: 6,
  meetingPoint: 'درِ اورژانس بیمارستان سینا',
  contact: 'آقای رضایی',
  location: PLACE,
});

/**
 * Places are pins: whoever answers «می‌آیم» gets the details and then the incident's place as a real map pin, on
 * Telegram and on Bale; the coordinates in words only where the platform refuses pins (bot ↔ sandbox, real database).
 */
describe('call-up: the place as a map pin for those coming', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');
  // «🗺 موقعیت: 35.70000, 51.40000», the coordinates kept left to right inside the Persian line.
  const pinWords = () => `🗺 موقعیت: \u206835.70000, 51.40000\u2069`;

  const cardOf = (v: Volunteer, callUp: CallUp): Promise<SandboxMessage> =>
    vi.waitFor(
      () => {
        const card = h
          .chatOf(v)
          .messages()
          .find((m) => buttonsOf(m).length > 0 && m.text?.includes(callUp.title));
        if (!card) throw new Error(`no card for ${v.key} yet`);
        return card;
      },
      { timeout: 15_000, interval: 50 },
    );
  const pressYes = async (v: Volunteer, callUp: CallUp) => {
    const chat = h.chatOf(v);
    chat.press(fa()('callup:card.yes'), (await cardOf(v, callUp)).message_id);
    await chat.waitForAlert();
  };
  /** What the bot sent after the details for those coming: the details, then a pin or its words. */
  const afterDetails = async (v: Volunteer) => {
    const chat = h.chatOf(v);
    const details = await chat.waitFor((m) => m.text?.startsWith(fa()('callup:confirmed.thanks')) === true);
    return vi.waitFor(() => {
      const next = chat.messages().find((m) => m.message_id > details.message_id && m.fromBot);
      if (!next) throw new Error('nothing after the details yet');
      return { details, next };
    }, SETTLED);
  };
  const send = async (title: string, count: number) => {
    await createCallUpInChat(h.coordinator(), fa(), spec(title, count));
    return h.latestCallUp(title);
  };

  beforeAll(async () => {
    // The coordinator types a whole call-up per test: no per-chat pacing to wait out.
    h = await startCallUpBot({ sandbox: { limits: { perChatPerSecond: 1000, perChatBurst: 1000 } } });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when volunteers on Telegram and Bale answer «می‌آیم», then each gets the details and then a map pin of the place', async () => {
    const telegram = await h.volunteer({ province: 'tehran' });
    const bale = await h.volunteer({ province: 'tehran', platform: 'bale' });
    const callUp = await send('زلزله‌ی شمال تهران', 2);
    for (const v of [telegram, bale]) {
      await pressYes(v, callUp);
      const { details, next } = await afterDetails(v);
      // The details no longer carry the coordinates as words: the pin is the place.
      expect(details.text).toContain('درِ اورژانس بیمارستان سینا');
      expect(details.text).not.toContain(pinWords());
      expect(next.location).toEqual(PLACE);
      expect(next.text).toBeUndefined();
    }
  });

  it('when a volunteer answers by typing «۱» instead of a button, then the pin follows the details as well', async () => {
    const v = await h.volunteer({ province: 'tehran' });
    const callUp = await send('زلزله‌ی جنوب تهران', 1);
    await cardOf(v, callUp);
    h.chatOf(v).sendText('۱');
    const { next } = await afterDetails(v);
    expect(next.location).toEqual(PLACE);
  });

  it('when a volunteer moves up from the waiting list, then the good news is followed by the pin too', async () => {
    const first = await h.volunteer({ province: 'tehran' });
    const second = await h.volunteer({ province: 'tehran' });
    const callUp = await send('زلزله‌ی شرق تهران', 1);
    await pressYes(first, callUp);
    await pressYes(second, callUp);
    expect((await h.repositories.answers.get(callUp.id, second.key))?.answer).toBe('waiting');
    const chat = h.chatOf(first);
    const card = await cardOf(first, callUp);
    chat.press(fa()('callup:card.change'), card.message_id);
    await chat.waitFor((m) => m.message_id === card.message_id && buttonsOf(m).includes(fa()('callup:card.no')));
    chat.press(fa()('callup:card.no'), card.message_id);
    const promoted = await h.chatOf(second).waitFor((m) => m.text?.includes(fa()('callup:confirmed.thanks')) === true);
    const pin = await h.chatOf(second).waitFor((m) => m.message_id > promoted.message_id && m.location !== undefined);
    expect(pin.location).toEqual(PLACE);
  });

  it('when the platform refuses pins, then the place comes as its coordinates in words instead', async () => {
    const v = await h.volunteer({ province: 'tehran', platform: 'bale' });
    const callUp = await send('زلزله‌ی غرب تهران', 1);
    await cardOf(v, callUp);
    h.sandbox.failNext({
      method: 'sendLocation',
      status: 400,
      description: 'Bad Request: method is not supported',
      token: TEST_TOKENS.bale,
    });
    await pressYes(v, callUp);
    const { next } = await afterDetails(v);
    expect(next.location).toBeUndefined();
    expect(next.text).toBe(pinWords());
    expect(h.sandbox.stats(TEST_TOKENS.bale).calls.sendLocation).toBeGreaterThan(0);
  });
});
