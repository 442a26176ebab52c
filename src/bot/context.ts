import type { Context, InlineKeyboard, SessionFlavor } from 'grammy';
import type { Platform } from '../domain/platform.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { ChatSends } from '../messaging/budget/chat-pace.ts';
import type { BotDependencies } from './dependencies.ts';
import type { FlowControl, FlowState } from './flows/flow-engine.ts';

export interface SessionData {
  /** The multi-step flow the chat is in, if any; persisted so a restart resumes it. */
  flow?: FlowState;
  /** In a group: this member's `/start` was answered with the link to the private chat. */
  groupStartAnswered?: boolean;
  /** The chat's recent sends, for the next instance to keep its pace (see carry-chat-pace.ts). */
  chatPace?: ChatSends;
}

export interface BotUser {
  /** The account's user key (`bale:123`): roles, sessions and the chat belong to the account. */
  key: string;
  /**
   * The key of the person's volunteer record: the account's own key, unless the account was linked to a person
   * registered through another account (see domain/identity/reach-point.ts). Volunteer features use this one.
   */
  personKey: string;
  platform: Platform;
  platformUserId: string;
  chatId: string;
  firstName: string;
  locale: Locale | null;
  /** An admin blocked them: they get no answer at all. */
  blockedByAdmin: boolean;
}

interface NazrFlavor {
  platform: Platform;
  deps: BotDependencies;
  logger: Logger;
  /** Set for every update that has a sender. */
  user: BotUser | undefined;
  locale: Locale;
  t: (key: string, vars?: Record<string, unknown>) => string;
  /** Starts, resumes or cancels multi-step flows. */
  flow: FlowControl;
  /** The main menu for this user, built from every feature's entries. */
  mainMenu: () => Promise<InlineKeyboard>;
}

export type BotContext = Context & SessionFlavor<SessionData> & NazrFlavor;
