import type { Platform } from '../domain/platform.ts';
import type { I18n, Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { MessageLogRepository } from '../persistence/repositories/message-log.repository.ts';
import type { ProcessedUpdateRepository } from '../persistence/repositories/processed-update.repository.ts';
import type { SessionStorage } from '../persistence/repositories/session.repository.ts';
import type { UserRepository } from '../persistence/repositories/user.repository.ts';

/** Everything a bot needs from the outside, built once in main.ts (or a test) and shared by both platforms. */
export interface BotDependencies {
  logger: Logger;
  i18n: I18n;
  defaultLocale: Locale;
  adminIds: readonly string[];
  users: UserRepository;
  sessions: SessionStorage<unknown>;
  processedUpdates: ProcessedUpdateRepository;
  messageLog: MessageLogRepository;
  /**
   * Someone whose chat had refused our messages (they blocked the bot) wrote again: make them reachable. The app
   * always sets it; bots built by hand in tests, where nobody blocks the bot, may leave it out.
   */
  userReturned?: (userKey: string) => Promise<void>;
  now: () => Date;
  /**
   * Runs the handling of one update of the chat whose session key is given, never at once with another update of
   * that chat on any instance. Bots built by hand in tests, alone on their database, may leave it out.
   */
  orderChat?: <T>(sessionKey: string, task: () => Promise<T>) => Promise<T>;
  /** Runs the handling of one update of the given kind, counting its database writes (the app sets it). */
  measureUpdate?: <T>(type: string, task: () => Promise<T>) => Promise<T>;
}

export interface BotOptions {
  platform: Platform;
  token: string;
  apiRoot: string;
  /** Known bot identity, to skip getMe (tests, sandbox). */
  botInfo?: import('grammy/types').UserFromGetMe;
  /** Called for every update received, for the health report. */
  onUpdate?: () => void;
  /** Installed innermost, next to the network, so they see every attempt (the fleet's send budget). */
  networkTransformers?: readonly import('grammy').Transformer[];
  /** Every send to each chat from this instance, carried to the next instance in the chat's session. */
  chatPace?: import('../messaging/budget/chat-pace.ts').ChatPace;
}
