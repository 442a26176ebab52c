import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { serveStatic } from './static-files.ts';
import { WebChatError } from './web-chat-error.ts';

const MAX_BODY_BYTES = 64 * 1024;

/** Answers one API request; a returned object is sent as JSON, `undefined` means the handler answered itself. */
export type Handler = (match: RegExpExecArray, request: IncomingMessage, response: ServerResponse) => Promise<unknown>;
export type Route = [method: string, path: RegExp, handler: Handler];

/** Serves the page's files, else finds the route and turns its result or refusal into a JSON answer. */
export async function dispatch(routes: Route[], request: IncomingMessage, response: ServerResponse): Promise<void> {
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

/** The request's JSON body, checked by `schema`; a body over 64 KiB is refused. */
export async function readJson<T>(request: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
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
