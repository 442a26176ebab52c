import { badRequest } from './api-error.ts';
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
  ReplyMarkup,
} from './api-types.ts';
import type { MethodParams } from './method-params.ts';

const INLINE_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

const REPLY_OPTIONS = ['resize_keyboard', 'one_time_keyboard', 'is_persistent', 'input_field_placeholder', 'selective'];

/** Reads any reply_markup a send method accepts, validated like Telegram and normalised (string buttons → objects). */
export function readReplyMarkup(params: MethodParams, maxCallbackDataBytes: number): ReplyMarkup | undefined {
  const value = params.json('reply_markup', 'reply keyboard markup');
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = value as Record<string, unknown>;
  if ('inline_keyboard' in markup) return inlineMarkup(markup.inline_keyboard, maxCallbackDataBytes);
  if ('keyboard' in markup) return replyKeyboard(markup);
  if (markup.remove_keyboard === true) return { remove_keyboard: true, ...pick(markup, ['selective']) };
  if (markup.force_reply === true) {
    return { force_reply: true, ...pick(markup, ['input_field_placeholder', 'selective']) };
  }
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Edits accept only inline keyboards. */
export function readInlineMarkup(params: MethodParams, maxCallbackDataBytes: number): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(params, maxCallbackDataBytes);
  if (markup === undefined || isInlineMarkup(markup)) return markup;
  throw badRequest('inline keyboard expected');
}

export function isInlineMarkup(markup: ReplyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}

export function isReplyKeyboard(markup: ReplyMarkup | undefined): markup is ReplyKeyboardMarkup {
  return markup !== undefined && 'keyboard' in markup;
}

function inlineMarkup(rows: unknown, maxCallbackDataBytes: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: arrayOfArrays(rows, 'inline_keyboard', 'InlineKeyboardMarkup').map((row) =>
      row.map((button) => inlineButton(button, maxCallbackDataBytes)),
    ),
  };
}

function inlineButton(value: unknown, maxCallbackDataBytes: number): InlineKeyboardButton {
  if (typeof value !== 'object' || value === null) throw badRequest("can't parse inline keyboard button");
  const button = value as Record<string, unknown>;
  if (typeof button.text !== 'string' || button.text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
  const actions = INLINE_ACTIONS.filter((action) => button[action] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (actions.length > 1) throw badRequest("can't parse inline keyboard button: exactly one action must be set");
  const data = button.callback_data;
  if (data !== undefined) {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (bytes < 1 || bytes > maxCallbackDataBytes) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (button.url !== undefined && !isButtonUrl(button.url)) throw badRequest('BUTTON_URL_INVALID');
  return { ...button, text: button.text };
}

function isButtonUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:', 'tg:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function replyKeyboard(markup: Record<string, unknown>): ReplyKeyboardMarkup {
  const keyboard = arrayOfArrays(markup.keyboard, 'keyboard', 'ReplyKeyboardMarkup').map((row) => row.map(replyButton));
  return { keyboard, ...pick(markup, REPLY_OPTIONS) };
}

function replyButton(value: unknown): KeyboardButton {
  if (typeof value === 'string') {
    if (value === '') throw badRequest('keyboard button text is empty');
    return { text: value };
  }
  if (typeof value !== 'object' || value === null) throw badRequest("can't parse keyboard button");
  const button = value as Record<string, unknown>;
  if (typeof button.text !== 'string' || button.text === '') throw badRequest('keyboard button text is empty');
  if (button.request_contact === true && button.request_location === true) {
    throw badRequest("can't parse keyboard button: only one of request_contact and request_location may be set");
  }
  return { ...button, text: button.text };
}

function arrayOfArrays(value: unknown, field: string, type: string): unknown[][] {
  if (!Array.isArray(value) || !value.every(Array.isArray)) {
    throw badRequest(`Field "${field}" of the ${type} should be an Array of Arrays`);
  }
  return value as unknown[][];
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

/** Key-order independent comparison, so "message is not modified" does not depend on how JSON was written. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
