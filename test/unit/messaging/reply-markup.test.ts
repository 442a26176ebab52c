import { describe, expect, it } from 'vitest';
import { outboxMessageOf, replyMarkupOf } from '../../../src/messaging/reply-markup.ts';

const message = {
  text: 'سلام',
  buttons: [[{ text: 'بله', data: 'cu:1:yes' }], [{ text: 'نه', data: 'cu:1:no' }]],
};

describe('reply markup of an outgoing message', () => {
  it('when a message has rows of buttons, then they become the same rows of callback buttons', () => {
    expect(replyMarkupOf(message)).toEqual({
      inline_keyboard: [[{ text: 'بله', callback_data: 'cu:1:yes' }], [{ text: 'نه', callback_data: 'cu:1:no' }]],
    });
  });

  it('when a message has no buttons, then it has no reply markup', () => {
    expect(replyMarkupOf({ text: 'سلام' })).toBeUndefined();
    expect(replyMarkupOf({ text: 'سلام', buttons: [] })).toBeUndefined();
  });

  it('when a message goes through the outbox, then it is stored with the same keyboard, silence and pin', () => {
    expect(outboxMessageOf(message)).toEqual({ text: 'سلام', replyMarkup: replyMarkupOf(message) });
    expect(outboxMessageOf({ text: 'خبر', silent: true })).toEqual({ text: 'خبر', disableNotification: true });
    const location = { latitude: 35.7, longitude: 51.4 };
    expect(outboxMessageOf({ text: 'محل', location })).toEqual({ text: 'محل', location });
  });
});
