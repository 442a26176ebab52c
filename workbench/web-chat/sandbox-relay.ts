import type { PlatformName, Sandbox } from 'bot-api-sandbox';
import type { ChatDirectory, WebChatBot } from './chat-directory.ts';
import { fileUrlFor } from './chat-routes.ts';
import type { EventStream } from './event-stream.ts';
import { pageKeyboardState, toPageMessage, userPageMessage } from './page-message.ts';

/**
 * Tells open pages what happens in the sandbox's chats (messages both ways, edits, deletions, alerts, "typing…"),
 * except the drill's crowd. Returns what stops it.
 */
export function relaySandboxEvents(
  sandbox: Sandbox,
  bots: readonly WebChatBot[],
  directory: ChatDirectory,
  events: EventStream,
): () => void {
  const platformOf = new Map(bots.map((bot) => [bot.token, bot.platform]));
  const visible = (token: string, chatId: number): PlatformName | undefined => {
    const platform = platformOf.get(token);
    return platform && !directory.isDrill(platform, chatId) ? platform : undefined;
  };
  const keyboardOf = (platform: PlatformName, chatId: number) =>
    pageKeyboardState(directory.user(platform, chatId).replyKeyboard());

  const unsubscribe = [
    sandbox.on('message', ({ token, chatId, message }) => {
      const bot = visible(token, chatId);
      if (!bot) return;
      const page = toPageMessage(message, fileUrlFor(bot));
      events.send('message', { bot, chatId, message: page, ...keyboardOf(bot, chatId) });
    }),
    sandbox.on('edit', ({ token, chatId, message }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('edit', { bot, chatId, message: toPageMessage(message, fileUrlFor(bot)) });
    }),
    sandbox.on('delete', ({ token, chatId, messageId }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('delete', { bot, chatId, messageId });
    }),
    sandbox.on('alert', ({ token, chatId, alert }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('alert', { bot, chatId, alert });
    }),
    sandbox.on('action', ({ token, chatId, action }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('action', { bot, chatId, action: action.action });
    }),
    sandbox.on('update', ({ token, chatId, update }) => {
      const bot = visible(token, chatId);
      if (!bot) return;
      // The user's side: their own message, typed, tapped or shared (a press shows nothing in a chat).
      if (update.message) {
        const message = userPageMessage(update.message);
        events.send('message', { bot, chatId, message, ...keyboardOf(bot, chatId) });
      }
    }),
  ];

  return () => {
    for (const off of unsubscribe) off();
  };
}
