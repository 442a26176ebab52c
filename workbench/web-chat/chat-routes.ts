import type { PlatformName, SimulatedUser } from 'bot-api-sandbox';
import { z } from 'zod';
import { type ChatDirectory, ROLE_HINTS } from './chat-directory.ts';
import { pageKeyboardState, toPageMessage } from './page-message.ts';
import { WebChatError } from './web-chat-error.ts';
import { type Route, readJson } from './web-chat-http.ts';

export interface ChatRouteDeps {
  directory: ChatDirectory;
  /** Tells open pages that the list of people of a bot changed. */
  peopleChanged: (platform: PlatformName) => void;
}

const name = z.string().trim().min(1).max(64);
const schemas = {
  newUser: z.object({ firstName: name, lastName: name.optional(), role: z.enum(ROLE_HINTS).default('volunteer') }),
  text: z.object({ text: z.string().trim().min(1).max(4096) }),
  position: z.object({ row: z.number().int().min(0), column: z.number().int().min(0) }),
  press: z.object({
    messageId: z.number().int().positive(),
    row: z.number().int().min(0),
    column: z.number().int().min(0),
  }),
  location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
};

const chatState = (user: SimulatedUser) => pageKeyboardState(user.replyKeyboard());

/** The people of a bot: the list, a new person, and one person's chat as the page shows it. */
export function peopleRoutes({ directory, peopleChanged }: ChatRouteDeps): Route[] {
  return [
    [
      'GET',
      /^\/api\/bots\/(\w+)\/users$/,
      async (m) => {
        const { platform } = directory.bot(m[1] ?? '');
        return { users: directory.list(platform), coordinatorSlots: directory.coordinatorSlots(platform) };
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users$/,
      async (m, request) => {
        const { platform } = directory.bot(m[1] ?? '');
        const input = await readJson(request, schemas.newUser);
        const person = directory.create(platform, {
          firstName: input.firstName,
          role: input.role,
          ...(input.lastName && { lastName: input.lastName }),
        });
        peopleChanged(platform);
        return { user: person };
      },
    ],
    [
      'GET',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/chat$/,
      async (m) => {
        const user = userOf(directory, m);
        const fileUrl = fileUrlFor(m[1] ?? '');
        const messages = user
          .history()
          .filter((message) => !message.deleted)
          .map((message) => toPageMessage(message, fileUrl));
        return { messages, ...chatState(user) };
      },
    ],
  ];
}

/** What a person does in a chat: type, press an inline button, tap a reply-keyboard button, share contact or place. */
export function chatActionRoutes({ directory }: ChatRouteDeps): Route[] {
  return [
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/text$/,
      async (m, request) => {
        const { text } = await readJson(request, schemas.text);
        const user = userOf(directory, m);
        const update = /^\/[A-Za-z0-9_]{1,32}(\s|$)/.test(text)
          ? user.sendCommand(text.split(/\s/, 1)[0] ?? text, text.slice(text.search(/\s|$/)).trim() || undefined)
          : user.sendText(text);
        return { messageId: update.message?.message_id ?? null, ...chatState(user) };
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/press$/,
      async (m, request) => {
        const { messageId, row, column } = await readJson(request, schemas.press);
        const user = userOf(directory, m);
        const message = user.messages().find((candidate) => candidate.message_id === messageId && !candidate.deleted);
        const markup = message?.reply_markup;
        const button = markup && 'inline_keyboard' in markup ? markup.inline_keyboard[row]?.[column] : undefined;
        if (!button) throw new WebChatError(409, 'stale_button');
        if (typeof button.url === 'string') return { url: /^(https?|tg):/i.test(button.url) ? button.url : null };
        if (button.callback_data === undefined) throw new WebChatError(400, 'unsupported_button');
        const data = button.callback_data;
        const update = user.press((b) => b.callback_data === data && b.text === button.text, messageId);
        return { callbackQueryId: update.callback_query?.id ?? null };
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/tap$/,
      async (m, request) => {
        const { row, column } = await readJson(request, schemas.position);
        const user = userOf(directory, m);
        const button = user.replyKeyboard()?.keyboard[row]?.[column];
        if (!button) throw new WebChatError(409, 'stale_button');
        user.tapKeyboard((b) => b.text === button.text);
        return chatState(user);
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/contact$/,
      async (m) => {
        const user = userOf(directory, m);
        user.shareContact(true);
        return chatState(user);
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/location$/,
      async (m, request) => {
        const { latitude, longitude } = await readJson(request, schemas.location);
        const user = userOf(directory, m);
        user.shareLocation(latitude, longitude);
        return chatState(user);
      },
    ],
  ];
}

/** Where the page fetches a file a bot sent. */
export function fileUrlFor(bot: string): (fileId: string) => string {
  return (fileId) => `/api/bots/${bot}/files/${encodeURIComponent(fileId)}`;
}

/** The person a `/api/bots/<bot>/users/<id>/…` path names. */
function userOf(directory: ChatDirectory, match: RegExpExecArray): SimulatedUser {
  return directory.user(directory.bot(match[1] ?? '').platform, Number(match[2]));
}
