import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformName, Sandbox, SimulatedUser } from 'bot-api-sandbox';
import { z } from 'zod';
import { PLATFORMS } from '../../src/domain/platform.ts';
import { type ChatDirectory, ROLE_HINTS } from './chat-directory.ts';
import type { Drill } from './drill.ts';
import type { EventStream } from './event-stream.ts';
import { toPageKeyboard, toPageMessage } from './page-message.ts';
import { serveStatic } from './static-files.ts';
import { WebChatError } from './web-chat-error.ts';

export interface BotCard {
  id: PlatformName;
  platform: PlatformName;
  username: string;
  name: string;
}

export interface RouteDeps {
  sandbox: Sandbox;
  directory: ChatDirectory;
  drill: Drill;
  events: EventStream;
  bots: () => Promise<BotCard[]>;
  /** Tells open pages that the list of people of a bot changed. */
  peopleChanged: (platform: PlatformName) => void;
}

const MAX_BODY_BYTES = 64 * 1024;

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
  fill: z.object({ bot: z.enum(PLATFORMS), count: z.number().int() }),
  answering: z.object({
    enabled: z.boolean(),
    answerRate: z.number().optional(),
    acceptRate: z.number().optional(),
    minDelayMs: z.number().optional(),
    maxDelayMs: z.number().optional(),
  }),
};

type Handler = (match: RegExpExecArray, request: IncomingMessage, response: ServerResponse) => Promise<unknown>;

/**
 * The page's API: JSON in and out, plus the event stream and file downloads. A refusal names a key under `errors.` in
 * locales/{fa,en}/webchat.json, which the page shows; its English `detail` is for developers only.
 */
export function createWebChatHandler(deps: RouteDeps): (request: IncomingMessage, response: ServerResponse) => void {
  const { directory, drill } = deps;
  const userOf = (match: RegExpExecArray): SimulatedUser =>
    directory.user(directory.bot(match[1] ?? '').platform, Number(match[2]));
  const chatState = (user: SimulatedUser) => ({ keyboard: toPageKeyboard(user.replyKeyboard()) ?? null });

  const routes: [method: string, path: RegExp, handler: Handler][] = [
    ['GET', /^\/api\/bots$/, async () => ({ bots: await deps.bots(), roles: ROLE_HINTS, drill: drill.status() })],
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
        deps.peopleChanged(platform);
        return { user: person };
      },
    ],
    [
      'GET',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/chat$/,
      async (m) => {
        const user = userOf(m);
        const fileUrl = fileUrlFor(m[1] ?? '');
        const messages = user
          .history()
          .filter((message) => !message.deleted)
          .map((message) => toPageMessage(message, fileUrl));
        return { messages, ...chatState(user) };
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/text$/,
      async (m, request) => {
        const { text } = await readJson(request, schemas.text);
        const user = userOf(m);
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
        const user = userOf(m);
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
        const user = userOf(m);
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
        const user = userOf(m);
        user.shareContact(true);
        return chatState(user);
      },
    ],
    [
      'POST',
      /^\/api\/bots\/(\w+)\/users\/(\d+)\/location$/,
      async (m, request) => {
        const { latitude, longitude } = await readJson(request, schemas.location);
        const user = userOf(m);
        user.shareLocation(latitude, longitude);
        return chatState(user);
      },
    ],
    [
      'GET',
      /^\/api\/bots\/(\w+)\/commands$/,
      async (m, request) => {
        const { token } = directory.bot(m[1] ?? '');
        const language = new URL(request.url ?? '/', 'http://x').searchParams.get('lang') === 'en' ? 'en' : 'fa';
        const localised = await getCommands(deps.sandbox.apiRoot, token, language);
        return { commands: localised.length > 0 ? localised : await getCommands(deps.sandbox.apiRoot, token) };
      },
    ],
    [
      'GET',
      /^\/api\/bots\/(\w+)\/files\/([\w-]+)$/,
      async (m, _request, response) => {
        const file = deps.sandbox.file(directory.bot(m[1] ?? '').token, m[2] ?? '');
        if (!file?.bytes) throw new WebChatError(404, 'unknown_file');
        const inline = file.mime_type?.startsWith('image/') === true;
        const fileName = file.file_name ?? file.file_id;
        response.writeHead(200, {
          'content-type': file.mime_type ?? 'application/octet-stream',
          'content-length': file.bytes.byteLength,
          'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          'x-content-type-options': 'nosniff',
        });
        response.end(file.bytes);
        return undefined;
      },
    ],
    [
      'GET',
      /^\/api\/events$/,
      async (_m, request, response) => {
        deps.events.open(request, response);
        return undefined;
      },
    ],
    ['GET', /^\/api\/drill$/, async () => ({ drill: drill.status() })],
    [
      'POST',
      /^\/api\/drill\/fill$/,
      async (_m, request) => {
        const { bot, count } = await readJson(request, schemas.fill);
        // Filling 500 takes a while: the answer comes now, progress and failures come as drill events.
        drill.fill(bot, count).then(
          () => deps.peopleChanged(bot),
          () => undefined,
        );
        return { drill: drill.status() };
      },
    ],
    [
      'POST',
      /^\/api\/drill\/answering$/,
      async (_m, request) => {
        const { enabled, ...settings } = await readJson(request, schemas.answering);
        const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
        return { drill: drill.configure(enabled, defined) };
      },
    ],
  ];

  return (request, response) => {
    handle(routes, request, response).catch((error: unknown) => {
      process.emitWarning(`web chat: failed to answer a request: ${(error as Error)?.message ?? String(error)}`);
      response.destroy();
    });
  };
}

async function handle(
  routes: [string, RegExp, Handler][],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://web-chat.invalid');
    if (request.method === 'GET' && !pathname.startsWith('/api/') && (await serveStatic(pathname, response))) return;
    for (const [method, path, handler] of routes) {
      const match = path.exec(pathname);
      if (!match) continue;
      if (request.method !== method) continue;
      if (method === 'POST' && !request.headers['content-type']?.startsWith('application/json')) {
        // A plain form from another site cannot send JSON without asking first (CORS), so this guards the sandbox.
        throw new WebChatError(415, 'json_expected');
      }
      const body = await handler(match, request, response);
      if (body !== undefined) sendJson(response, 200, { ok: true, ...body });
      return;
    }
    throw new WebChatError(404, 'not_found');
  } catch (error) {
    if (error instanceof WebChatError) {
      sendJson(response, error.status, { ok: false, error: error.code, detail: error.message });
    } else if (error instanceof z.ZodError) {
      sendJson(response, 400, { ok: false, error: 'invalid_input', detail: error.issues[0]?.message ?? '' });
    } else {
      // A simulated user refused (no such button any more, an empty text): the page shows it as a failed action.
      sendJson(response, 409, { ok: false, error: 'action_failed', detail: (error as Error)?.message ?? '' });
    }
  }
}

async function readJson<T>(request: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new WebChatError(413, 'too_large');
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new WebChatError(400, 'invalid_json');
  }
  return schema.parse(value);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

export function fileUrlFor(bot: string): (fileId: string) => string {
  return (fileId) => `/api/bots/${bot}/files/${encodeURIComponent(fileId)}`;
}

async function getCommands(
  apiRoot: string,
  token: string,
  language?: string,
): Promise<{ command: string; description: string }[]> {
  const response = await fetch(`${apiRoot}/bot${token}/getMyCommands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(language ? { language_code: language } : {}),
  });
  const body = (await response.json()) as { ok: boolean; result?: { command: string; description: string }[] };
  return body.ok ? (body.result ?? []) : [];
}
