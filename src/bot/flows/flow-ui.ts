import { randomBytes } from 'node:crypto';
import type { InlineKeyboard } from 'grammy';
import type { KeyboardButton } from 'grammy/types';
import type { BotContext } from '../context.ts';

/** Flow buttons' callback data: `f:<nonce>:<value>`. */
export const FLOW_PREFIX = 'f:';
export const BACK = '<';
export const CANCEL = 'x';

const NONCE_BYTES = 3;
// Drawn from a pool refilled a thousand nonces at a time: a system call per step showed in the answer path's profile.
let pool = Buffer.alloc(0);
let used = 0;

/** Buttons made by a step carry this; a new one is drawn whenever a new step is asked. */
export function newNonce(): string {
  if (used + NONCE_BYTES > pool.length) {
    pool = randomBytes(NONCE_BYTES * 1024);
    used = 0;
  }
  used += NONCE_BYTES;
  return pool.subarray(used - NONCE_BYTES, used).toString('base64url');
}

export class FlowUi {
  readonly nonce: string;
  readonly t: BotContext['t'];

  constructor(nonce: string, t: BotContext['t']) {
    this.nonce = nonce;
    this.t = t;
  }

  data(value: string): string {
    return `${FLOW_PREFIX}${this.nonce}:${value}`;
  }

  /** Appends the "back" and "cancel" row every question carries. */
  navigation(keyboard: InlineKeyboard, withBack: boolean): InlineKeyboard {
    // An empty row is never sent: Bale's clients are stricter about it than Telegram's.
    if (keyboard.inline_keyboard.at(-1)?.length) keyboard.row();
    if (withBack) keyboard.text(this.t('common:flow.back'), this.data(BACK));
    keyboard.text(this.t('common:flow.cancel'), this.data(CANCEL));
    return keyboard;
  }

  /** The same row for a reply keyboard: the labels come back as text, which the router reads as the buttons. */
  navigationRow(withBack: boolean): KeyboardButton[] {
    const row = [{ text: this.t('common:flow.cancel') }];
    return withBack ? [{ text: this.t('common:flow.back') }, ...row] : row;
  }
}
