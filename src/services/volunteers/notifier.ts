import type { Platform } from '../../domain/platform.ts';

/**
 * How jobs and services message a chat without knowing the bot framework. A message to one person (a staff notice)
 * goes through a `Notifier` (app.ts implements it with the bots' APIs); routine notices to many people queue in the
 * outbox through a `NoticeOutbox`. Buttons carry plain callback data that a bot feature handles (`notice-actions.ts`).
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
  platform: Platform;
  chatId: string;
}

/** `unreachable`: the chat refuses messages for good (the user blocked the bot); `failed`: try again another day. */
export type NoticeResult = 'sent' | 'unreachable' | 'failed';

export interface Notifier {
  send(to: Recipient, notice: Notice): Promise<NoticeResult>;
}

/** A notice for one person among many. */
export interface QueuedNotice {
  /** Names the occurrence (e.g. this volunteer's check-in due at this time), so queuing it again stores it once. */
  id: string;
  to: Recipient;
  userKey: string;
  notice: Notice;
}

/**
 * Routine notices to many people (check-ins, pledge ends, reminders): queued in the outbox, which keeps the
 * platforms' rate limits, holds them through Tehran's night, retries failures, marks blocked chats unreachable and
 * survives a crash.
 */
export interface NoticeOutbox {
  /** Queues notices under one campaign; one already queued under the same id is kept as it is. */
  enqueue(campaignId: string, notices: readonly QueuedNotice[]): Promise<void>;
}

/** Renders a locale key in the recipient's own language (`I18n.t` fits). */
export type Translate = (locale: 'fa' | 'en', key: string, vars?: Record<string, unknown>) => string;
