import type { Locale } from '../../domain/locale.ts';
import { platformOfKey } from '../../domain/platform.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { Notice, NoticeOutbox, NoticeResult, Notifier, Translate } from '../volunteers/notifier.ts';

/** A button of a notice, by locale key; `data` is the callback data a bot feature handles. */
export interface MessageButton {
  labelKey: string;
  data: string;
}

/** Values for the message; a function when they depend on the reader's language (province names). */
export type MessageVars = Record<string, unknown> | ((locale: Locale) => Record<string, unknown>);

/** Tells a person something in their own language, whichever platform they are on. */
export interface Messenger {
  tell(userKey: string, key: string, vars?: MessageVars, buttons?: MessageButton[][]): Promise<NoticeResult>;
  /**
   * Tells several people the same thing, each in their own language, through the outbox (rate limits, retries, crash
   * safety); `occurrence` names the event, so telling it again queues nothing twice.
   */
  tellAll(
    userKeys: readonly string[],
    occurrence: string,
    key: string,
    vars?: MessageVars,
    buttons?: MessageButton[][],
  ): Promise<void>;
  /** The person's language (their choice, else the default), for texts built before sending. */
  localeOf(userKey: string): Promise<Locale>;
}

export interface MessengerDeps {
  notifier: Notifier;
  notices: NoticeOutbox;
  users: Pick<UserRepository, 'get'>;
  t: Translate;
  defaultLocale: Locale;
}

export function createMessenger(deps: MessengerDeps): Messenger {
  const localeOf = async (userKey: string) => (await deps.users.get(userKey))?.locale ?? deps.defaultLocale;

  /** Where the person is and the message in their language; undefined for a key of no known platform. */
  const render = async (userKey: string, key: string, vars?: MessageVars, buttons?: MessageButton[][]) => {
    const platform = platformOfKey(userKey);
    if (!platform) return undefined;
    const user = await deps.users.get(userKey);
    const locale = user?.locale ?? deps.defaultLocale;
    // In a private chat the chat id is the user id, so someone who never wrote to us (an admin) is reachable too.
    const chatId = user?.chatId ?? userKey.slice(platform.length + 1);
    const t = (k: string, v?: Record<string, unknown>) => deps.t(locale, k, v);
    const notice: Notice = {
      text: t(key, typeof vars === 'function' ? vars(locale) : vars),
      ...(buttons ? { buttons: buttons.map((row) => row.map((b) => ({ text: t(b.labelKey), data: b.data }))) } : {}),
    };
    return { to: { platform, chatId }, notice };
  };

  return {
    localeOf,
    async tell(userKey, key, vars, buttons) {
      const rendered = await render(userKey, key, vars, buttons);
      return rendered ? deps.notifier.send(rendered.to, rendered.notice) : 'failed';
    },
    async tellAll(userKeys, occurrence, key, vars, buttons) {
      const notices = [];
      for (const userKey of userKeys) {
        const rendered = await render(userKey, key, vars, buttons);
        if (rendered) notices.push({ id: `${occurrence}:${userKey}`, userKey, ...rendered });
      }
      await deps.notices.enqueue(occurrence, notices);
    },
  };
}
