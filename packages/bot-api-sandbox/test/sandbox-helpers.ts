import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from 'grammy';
import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.ts';

export const TELEGRAM_TOKEN = '600001:telegram-sandbox-test';
export const BALE_TOKEN = '600002:bale-sandbox-test';

export interface ApiAnswer {
  status: number;
  body: {
    ok: boolean;
    result?: unknown;
    error_code?: number;
    description?: string;
    parameters?: { retry_after?: number };
  };
}

/** A sandbox with one Telegram and one Bale bot. */
export async function startTwoBotSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandbox.addBot({ token: TELEGRAM_TOKEN, profile: 'telegram', username: 'nazr_test_bot' });
  sandbox.addBot({ token: BALE_TOKEN, profile: 'bale' });
  return sandbox;
}

/** A plain JSON call, to see status codes and bodies exactly as a client would. */
export async function callApi(
  sandbox: Sandbox,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${sandbox.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
}

/** A raw request with any body and content type, for malformed-input tests. */
export async function rawCall(sandbox: Sandbox, path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const response = await fetch(`${sandbox.apiRoot}${path}`, init);
  return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
}

/** A grammY bot talking to the sandbox over HTTP, with botInfo fetched by init(). */
export async function grammyBot(sandbox: Sandbox, token = TELEGRAM_TOKEN): Promise<Bot> {
  const bot = new Bot(token, { client: { apiRoot: sandbox.apiRoot } });
  await bot.init();
  return bot;
}

/** Runs long polling in the background; the returned function stops it. */
export function startPolling(bot: Bot): () => Promise<void> {
  const running = bot.start({ timeout: 1 });
  return async () => {
    await bot.stop();
    await running;
  };
}

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  update: { update_id: number; message?: { text?: string } };
}

/** A tiny webhook endpoint that answers each delivery with the next status from `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []): Promise<{
  url: string;
  deliveries: ReceivedDelivery[];
  next: (count?: number) => Promise<ReceivedDelivery[]>;
  close: () => Promise<void>;
}> {
  const deliveries: ReceivedDelivery[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, update: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const next = (count = 1): Promise<ReceivedDelivery[]> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (deliveries.length < count) {
          waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve(deliveries.slice(0, count));
      };
      const timer = setTimeout(() => reject(new Error(`expected ${count} deliveries, got ${deliveries.length}`)), 5000);
      check();
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    next,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The smallest valid PNG (1×1), for photo uploads. */
export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
