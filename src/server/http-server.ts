import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import { handleSmsCallback, type SmsCallbackHandlers } from './sms-callbacks.ts';
import { sameSecret, webhookPathSecret } from './webhook-path.ts';

export interface HealthReport {
  ok: boolean;
  database: { ok: boolean; error?: string };
  platforms: Record<string, { ok: boolean; mode: 'polling' | 'webhook'; lastUpdateAt?: string; error?: string }>;
  /** Each channel's API as every instance sees it (a degraded one does not make the bot unhealthy). */
  channels?: { channel: string; degraded: boolean; failures: number; failingSince?: string | undefined }[];
}

/** A webhook request whose body was read (within the size cap) and parsed. */
export interface WebhookRequest {
  update: unknown;
  /** The X-Telegram-Bot-Api-Secret-Token header (Telegram sends it; Bale does not). */
  secretHeader: string | undefined;
  res: ServerResponse;
}

export type WebhookHandler = (request: WebhookRequest) => Promise<void>;

export interface HttpServerOptions {
  logger: Logger;
  health: () => Promise<HealthReport>;
  /** `GET /metrics`: counters for benchmarks and monitoring (updates handled, database writes, memory). */
  metrics?: () => unknown;
  /** Present in webhook mode: one handler per platform, guarded by the secret path segment. */
  webhooks?: { secret: string; handlers: Partial<Record<Platform, WebhookHandler>> };
  /** The coordinators' dashboard under `/dashboard`: true when it handled the request. */
  dashboard?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
  /** Present when SMS is configured: the provider's receive and delivery-report callbacks. */
  sms?: SmsCallbackHandlers | undefined;
}

export interface HttpServer {
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const WEBHOOK_ROUTE = /^\/webhook\/([a-z]+)\/([\w-]+)$/;
/** Telegram's updates are a few kilobytes; anything near this is not one, and is refused before it fills memory. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

class BodyTooLargeError extends Error {}

/** The request body, or BodyTooLargeError as soon as it (or its declared length) passes `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** 413, then the connection is closed, so the rest of the body is never read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.once('finish', () => req.destroy());
  sendJson(res, 413, { ok: false, error: 'payload too large' });
}

/** Serves `GET /healthz`, `GET /metrics` and the authenticated webhook endpoints; anything else is 404, any bad secret 401. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (req.method === 'GET' && path === '/healthz') {
        const report = await options.health();
        sendJson(res, report.ok ? 200 : 503, report);
        return;
      }
      if (req.method === 'GET' && path === '/metrics' && options.metrics) {
        sendJson(res, 200, options.metrics());
        return;
      }
      if (options.dashboard && (await options.dashboard(req, res, path))) return;
      if (req.method !== 'GET' && (await handleSmsCallback(req, res, options.sms))) return;
      const route = WEBHOOK_ROUTE.exec(path);
      if (route && options.webhooks) {
        const [, platform = '', given = ''] = route;
        const handler = options.webhooks.handlers[platform as Platform];
        const expected = handler ? webhookPathSecret(options.webhooks.secret, platform as Platform) : '';
        if (req.method !== 'POST' || !handler || !sameSecret(given, expected)) {
          sendJson(res, 401, { ok: false, error: 'unauthorized' });
          return;
        }
        let body: Buffer;
        try {
          body = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          logger.warn({ platform }, 'webhook body over the size cap refused');
          refuseTooLarge(req, res);
          return;
        }
        const header = req.headers[SECRET_HEADER];
        await handler({
          update: JSON.parse(body.toString('utf8')),
          secretHeader: Array.isArray(header) ? header[0] : header,
          res,
        });
        return;
      }
      sendJson(res, 404, { ok: false, error: 'not found' });
    } catch (error) {
      logger.warn({ err: error, path: path.replace(/\/webhook\/([a-z]+)\/.*/, '/webhook/$1/…') }, 'request failed');
      if (!res.headersSent) sendJson(res, 400, { ok: false, error: 'bad request' });
      else res.end();
    }
  });

  return {
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
