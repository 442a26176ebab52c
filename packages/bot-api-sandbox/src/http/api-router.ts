import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, notFound, unauthorized } from '../api/api-error.ts';
import type { BotState } from '../bot-state.ts';
import { callMethod } from '../methods/call-method.ts';
import { findMethod } from '../methods/method-table.ts';
import { parseInput, readBody } from './read-request.ts';

type Route = { kind: 'api'; token: string; method: string } | { kind: 'file'; token: string; path: string };

export interface RouterDeps {
  bots: ReadonlyMap<string, BotState>;
  maxRequestBytes: number;
}

/**
 * Serves `/bot<token>/<method>` and `/file/bot<token>/<path>`. Every failure becomes a Bot API error body;
 * anything unexpected is a 500, never a crash.
 */
export function createApiRouter(deps: RouterDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      process.emitWarning(`sandbox: failed to answer a request: ${(error as Error).message}`);
      response.destroy();
    });
  };
}

async function handle(deps: RouterDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const clientGone = new AbortController();
  response.on('close', () => clientGone.abort());
  try {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const route = parseRoute(url.pathname);
    if (!route) throw notFound();
    const bot = deps.bots.get(route.token);
    if (!bot) throw unauthorized();
    if (route.kind === 'file') {
      serveFile(response, bot, route.path);
      return;
    }
    const method = findMethod(route.method);
    if (!method) throw notFound();
    const body = await readBody(request, deps.maxRequestBytes);
    const input = parseInput(url.searchParams, request.headers['content-type'] ?? '', body);
    const result = await callMethod(bot, method, input, clientGone.signal);
    sendJson(response, 200, { ok: true, result });
  } catch (error) {
    if (!(error instanceof ApiError)) {
      process.emitWarning(`sandbox: internal error: ${(error as Error)?.stack ?? String(error)}`);
    }
    const apiError = error instanceof ApiError ? error : new ApiError(500, 'Internal Server Error');
    sendJson(response, apiError.code, apiError.toBody());
  }
}

function parseRoute(pathname: string): Route | undefined {
  const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(pathname);
  if (api?.[1] && api[2]) return { kind: 'api', token: decode(api[1]), method: api[2] };
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
  if (file?.[1] && file[2]) return { kind: 'file', token: decode(file[1]), path: decode(file[2]) };
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function serveFile(response: ServerResponse, bot: BotState, path: string): void {
  const file = bot.files.byPath(path);
  if (!file?.bytes) throw notFound();
  response.writeHead(200, {
    'content-type': file.mimeType ?? 'application/octet-stream',
    'content-length': file.bytes.byteLength,
  });
  response.end(file.bytes);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
