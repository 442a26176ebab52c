/**
 * How jobs and services message a chat without knowing the bot framework: app.ts implements this with the bots'
 * APIs. Buttons carry plain callback data that a bot feature handles (see `notice-actions.ts`).
 */
export interface NoticeButton {
  text: string;
  data: string;
}

export interface Notice {
  text: string;
  /** Rows of inline buttons. */
  buttons?: NoticeButton[][];
}

export interface Recipient {
  platform: 'telegram' | 'bale';
  chatId: string;
}

/** `unreachable`: the chat refuses messages for good (the user blocked the bot); `failed`: try again another day. */
export type NoticeResult = 'sent' | 'unreachable' | 'failed';

export interface Notifier {
  send(to: Recipient, notice: Notice): Promise<NoticeResult>;
}

/** Renders a locale key in the recipient's own language (`I18n.t` fits). */
export type Translate = (locale: 'fa' | 'en', key: string, vars?: Record<string, unknown>) => string;
