import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformName, Sandbox, SmsGatewayEmulator } from 'bot-api-sandbox';
import { z } from 'zod';
import { PLATFORMS } from '../../src/domain/platform.ts';
import { ROLE_HINTS } from './chat-directory.ts';
import { type ChatRouteDeps, chatActionRoutes, peopleRoutes } from './chat-routes.ts';
import type { Drill } from './drill.ts';
import type { EventStream } from './event-stream.ts';
import { smsRoutes } from './sms-routes.ts';
import { WebChatError } from './web-chat-error.ts';
import { dispatch, type Route, readJson } from './web-chat-http.ts';

export interface BotCard {
  id: PlatformName;
  platform: PlatformName;
  username: string;
  name: string;
}

export interface RouteDeps extends ChatRouteDeps {
  sandbox: Sandbox;
  drill: Drill;
  events: EventStream;
  bots: () => Promise<BotCard[]>;
  sms: SmsGatewayEmulator | undefined;
}

const drillSchemas = {
  fill: z.object({ bot: z.enum(PLATFORMS), count: z.number().int() }),
  answering: z.object({
    enabled: z.boolean(),
    answerRate: z.number().optional(),
    acceptRate: z.number().optional(),
    minDelayMs: z.number().optional(),
    maxDelayMs: z.number().optional(),
  }),
};

/**
 * The page's API: JSON in and out, plus the event stream and file downloads. A refusal names a key under `errors.` in
 * locales/{fa,en}/webchat.json, which the page shows; its English `detail` is for developers only.
 */
export function createWebChatHandler(deps: RouteDeps): (request: IncomingMessage, response: ServerResponse) => void {
  const routes: Route[] = [
    ['GET', /^\/api\/bots$/, async () => ({ bots: await deps.bots(), roles: ROLE_HINTS, drill: deps.drill.status() })],
    ...peopleRoutes(deps),
    ...chatActionRoutes(deps),
    ...botResourceRoutes(deps),
    ...drillRoutes(deps),
    ...smsRoutes(deps),
  ];
  return (request, response) => {
    dispatch(routes, request, response).catch((error: unknown) => {
      process.emitWarning(`web chat: failed to answer a request: ${(error as Error)?.message ?? String(error)}`);
      response.destroy();
    });
  };
}

/** What the sandbox holds for a bot: its commands (in the page's language) and the files it sent. */
function botResourceRoutes({ directory, sandbox }: RouteDeps): Route[] {
  return [
    [
      'GET',
      /^\/api\/bots\/(\w+)\/commands$/,
      async (m, request) => {
        const { token } = directory.bot(m[1] ?? '');
        const language = new URL(request.url ?? '/', 'http://x').searchParams.get('lang') === 'en' ? 'en' : 'fa';
        const localised = await getCommands(sandbox.apiRoot, token, language);
        return { commands: localised.length > 0 ? localised : await getCommands(sandbox.apiRoot, token) };
      },
    ],
    [
      'GET',
      /^\/api\/bots\/(\w+)\/files\/([\w-]+)$/,
      async (m, _request, response) => {
        const file = sandbox.file(directory.bot(m[1] ?? '').token, m[2] ?? '');
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
  ];
}

/** The drill (many simulated volunteers filled in and answering by themselves) and the page's event stream. */
function drillRoutes({ drill, events, peopleChanged }: RouteDeps): Route[] {
  return [
    [
      'GET',
      /^\/api\/events$/,
      async (_m, request, response) => {
        events.open(request, response);
        return undefined;
      },
    ],
    ['GET', /^\/api\/drill$/, async () => ({ drill: drill.status() })],
    [
      'POST',
      /^\/api\/drill\/fill$/,
      async (_m, request) => {
        const { bot, count } = await readJson(request, drillSchemas.fill);
        // Filling 500 takes a while: the answer comes now, progress and failures come as drill events.
        drill.fill(bot, count).then(
          () => peopleChanged(bot),
          () => undefined,
        );
        return { drill: drill.status() };
      },
    ],
    [
      'POST',
      /^\/api\/drill\/answering$/,
      async (_m, request) => {
        const { enabled, ...settings } = await readJson(request, drillSchemas.answering);
        const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
        return { drill: drill.configure(enabled, defined) };
      },
    ],
  ];
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
