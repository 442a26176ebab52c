import type { InlineKeyboardButton, SandboxMessage } from 'bot-api-sandbox';

export type CardAnswer = 'accept' | 'decline';

/** Finds the button a simulated volunteer presses to answer a card, or undefined when the message is no card. */
export type CardButtonPicker = (message: SandboxMessage, answer: CardAnswer) => InlineKeyboardButton | undefined;

// Persian words only count at the start of a word (JavaScript's \b knows no Persian letters): «تأخیر» holds «خیر».
// Decline is tested first: «نمی‌آیم» holds «می‌آیم» after a letter, "unavailable" holds "available".
const DECLINE =
  /\b(?:decline|reject|refuse|unavailable|no|not|can'?t)\b|(?<![\p{L}\p{M}])(?:نمی|نیستم|معذور|خیر(?![\p{L}\p{M}]))|❌|✖/iu;
const ACCEPT =
  /\b(?:accept|yes|join|available|coming|ok)\b|(?<![\p{L}\p{M}])(?:قبول|می‌آیم|میام|هستم|حاضرم|آماده|بله)|✅|✔/iu;

/**
 * The default picker knows no feature: a card is a message with at least two callback buttons; the answer is the
 * button whose label or data reads like yes or no, else the first (yes) or the last (no) button, as cards put them.
 */
export const pickCardButton: CardButtonPicker = (message, answer) => {
  const markup = message.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return undefined;
  const buttons = markup.inline_keyboard.flat().filter((button) => typeof button.callback_data === 'string');
  if (buttons.length < 2) return undefined;
  const reads = (button: InlineKeyboardButton): CardAnswer | undefined => {
    const words = `${button.text} ${button.callback_data ?? ''}`;
    if (DECLINE.test(words)) return 'decline';
    if (ACCEPT.test(words)) return 'accept';
    return undefined;
  };
  const labelled = buttons.find((button) => reads(button) === answer);
  if (labelled) return labelled;
  if (buttons.some((button) => reads(button) !== undefined)) return undefined;
  return answer === 'accept' ? buttons[0] : buttons.at(-1);
};
