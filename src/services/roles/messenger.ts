import type { Locale } from '../../domain/locale.ts';
import { platformOfKey } from '../../domain/platform.ts';
import type { Tr, Translate } from '../../i18n/index.ts';
import type { CallbackButton, OutgoingMessage } from '../../messaging/outgoing-message.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';

/** The message's buttons, labelled in the reader's language. */
export type MessageButtons = (t: Tr) => CallbackButton[][];

/** Values for the message; a function when they depend on the reader's language (province names). */
export type MessageVars = Record<string, unknown> | ((locale: Locale) => Record<string, unknown>);

/** Tells a person something in their own language, whichever platform they are on. */
export interface Messenger {
  /** True when the message was sent. */
  tell(userKey: string, key: string, vars?: MessageVars, buttons?: MessageButtons): Promise<boolean>;
  /**
   * Tells several people the same thing, each in their own language, through the outbox (rate limits, retries, crash
   * safety); `occurrence` names the event, so telling it again queues nothing twice.
   */
  tellAll(
    userKeys: readonly string[],
    occurrence: string,
    key: string,
    vars?: MessageVars,
    buttons?: MessageButtons,
  ): Promise<void>;
  /** The person's language (their choice, else the default), for texts built before sending. */
  localeOf(userKey: string): Promise<Locale>;
}

export interface MessengerDeps {
  chat: SendNow;
  notices: SendThroughOutbox;
  users: Pick<UserRepository, 'get'>;
  t: Translate;
  defaultLocale: Locale;
}

export function createMessenger(deps: MessengerDeps): Messenger {
  const localeOf = async (userKey: string) => (await deps.users.get(userKey))?.locale ?? deps.defaultLocale;

  /** Where the person is and the message in their language; undefined for a key of no known platform. */
  const render = async (userKey: string, key: string, vars?: MessageVars, buttons?: MessageButtons) => {
    const platform = platformOfKey(userKey);
    if (!platform) return undefined;
    const user = await deps.users.get(userKey);
    const locale = user?.locale ?? deps.defaultLocale;
    // In a private chat the chat id is the user id, so someone who never wrote to us (an admin) is reachable too.
    const chatId = user?.chatId ?? userKey.slice(platform.length + 1);
    const t: Tr = (k, v) => deps.t(locale, k, v);
    const message: OutgoingMessage = {
      text: t(key, typeof vars === 'function' ? vars(locale) : vars),
      ...(buttons && { buttons: buttons(t) }),
    };
    return { to: { platform, chatId }, message };
  };

  return {
    localeOf,
    async tell(userKey, key, vars, buttons) {
      const rendered = await render(userKey, key, vars, buttons);
      return rendered ? (await deps.chat.send(rendered.to, rendered.message)) !== undefined : false;
    },
    async tellAll(userKeys, occurrence, key, vars, buttons) {
      const notices = [];
      for (const userKey of userKeys) {
        const rendered = await render(userKey, key, vars, buttons);
        if (rendered) notices.push({ id: `${occurrence}:${userKey}`, userKey, ...rendered });
      }
      // Staff are asked to act (approve a request): their notices go at any hour.
      await deps.notices.enqueue(occurrence, notices, { urgent: true });
    },
  };
}
