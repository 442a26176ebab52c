import type { SandboxMessage } from 'bot-api-sandbox';
import { describe, expect, it } from 'vitest';
import { registrationSchema } from '../../../src/domain/volunteers/volunteer.ts';
import { pickCardButton } from '../../../workbench/web-chat/card-answers.ts';
import { simulatedVolunteer } from '../../../workbench/web-chat/simulated-volunteers.ts';
import { registrationOf } from '../../../workbench/web-chat/volunteer-seeder.ts';

function card(buttons: { text: string; callback_data?: string; url?: string }[][]): SandboxMessage {
  return {
    message_id: 1,
    chat_id: 1,
    fromBot: true,
    date: 0,
    sentAt: 0,
    text: 'card',
    reply_markup: { inline_keyboard: buttons },
    history: [],
    deleted: false,
  };
}

describe('simulated volunteers for the demo and drills', () => {
  it('when 600 are made, then every one is a registration the volunteer schema accepts', () => {
    for (let i = 0; i < 600; i++) {
      const parsed = registrationSchema.safeParse(registrationOf('bale', simulatedVolunteer(i, 9_000_001 + i)));
      expect(parsed.success, `volunteer ${i}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('when the same index is asked twice, then the same person comes back', () => {
    expect(simulatedVolunteer(321, 42)).toEqual(simulatedVolunteer(321, 42));
  });

  it('when the demo cast is made, then its four differ in specialty and province', () => {
    const cast = [0, 1, 2, 3].map((i) => simulatedVolunteer(i, 1002 + i));
    expect(new Set(cast.map((v) => v.specialty)).size).toBe(4);
    expect(new Set(cast.map((v) => v.province)).size).toBe(4);
  });

  it('when registered, then the mobile is the number the sandbox shares for that user', () => {
    expect(registrationOf('telegram', simulatedVolunteer(0, 1002)).mobile).toBe('+989120001002');
  });
});

describe('how a simulated volunteer answers a card', () => {
  it('when the buttons read yes and no in Persian, then accept and decline find them ("نمی‌آیم" is no)', () => {
    const message = card([
      [
        { text: 'نمی‌آیم', callback_data: 'a' },
        { text: '✅ می‌آیم', callback_data: 'b' },
      ],
    ]);
    expect(pickCardButton(message, 'accept')?.callback_data).toBe('b');
    expect(pickCardButton(message, 'decline')?.callback_data).toBe('a');
  });

  it('when a call-up card offers yes, late and no, then accept is "yes" and decline is "no"', () => {
    const message = card([
      [
        { text: '✅ می‌آیم', callback_data: 'cu:y:abc' },
        { text: '⏱ با تأخیر می‌آیم', callback_data: 'cu:l:abc' },
      ],
      [{ text: '❌ نمی‌توانم', callback_data: 'cu:n:abc' }],
    ]);
    expect(pickCardButton(message, 'accept')?.callback_data).toBe('cu:y:abc');
    expect(pickCardButton(message, 'decline')?.callback_data).toBe('cu:n:abc');
  });

  it('when only the callback data says accept or decline, then that decides', () => {
    const message = card([
      [{ text: '👍', callback_data: 'cu:7:accept' }],
      [{ text: '👎', callback_data: 'cu:7:decline' }],
    ]);
    expect(pickCardButton(message, 'accept')?.text).toBe('👍');
    expect(pickCardButton(message, 'decline')?.text).toBe('👎');
  });

  it('when nothing reads like yes or no, then the first button accepts and the last declines', () => {
    const message = card([
      [
        { text: 'الف', callback_data: '1' },
        { text: 'ب', callback_data: '2' },
        { text: 'پ', callback_data: '3' },
      ],
    ]);
    expect(pickCardButton(message, 'accept')?.text).toBe('الف');
    expect(pickCardButton(message, 'decline')?.text).toBe('پ');
  });

  it('when a message has fewer than two callback buttons, then it is no card', () => {
    expect(pickCardButton(card([[{ text: 'قبول', callback_data: 'x' }]]), 'accept')).toBeUndefined();
    expect(
      pickCardButton(
        card([
          [
            { text: 'پیوند', url: 'https://x.org' },
            { text: 'رد', url: 'https://y.org' },
          ],
        ]),
        'accept',
      ),
    ).toBeUndefined();
  });
});
