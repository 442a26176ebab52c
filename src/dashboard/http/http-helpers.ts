/** Small pieces of HTTP the dashboard's routes share: cookies, JSON in and out, a server-sent event stream. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const SESSION_COOKIE = 'nazr_dashboard';
export const PREFIX = '/dashboard';
/** Asked of every POST: a page on another site cannot send it without a CORS preflight, which is never allowed. */
export const CSRF_HEADER = 'x-nazr-dashboard';
const MAX_JSON_BYTES = 16 * 1024;

/** Headers every dashboard response carries: nothing from elsewhere, no referrer, no framing but Telegram's. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'self' https://web.telegram.org",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const flags = [
    `Path=${PREFIX}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ];
  return [`${SESSION_COOKIE}=${token}`, ...flags].join('; ');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res
    .writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body));
}

/** A small JSON body, or undefined when it is missing, too large or not JSON. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface EventStream {
  send(data: unknown): void;
  onClose(cleanup: () => void): void;
  close(): void;
}

/** How often an open stream asks again whether its viewer is still signed in and still staff. */
export const STREAM_RECHECK_MS = 30_000;

/**
 * Opens a server-sent event stream, kept in `open` until it closes (a stopping server ends them: they are never
 * idle); a comment every 15 s keeps proxies from closing a quiet one.
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  open: Set<EventStream>,
  stillAllowed: () => Promise<boolean>,
  recheckMs = STREAM_RECHECK_MS,
): EventStream {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    // nginx would otherwise hold the events back in its buffer.
    'X-Accel-Buffering': 'no',
  });
  res.write(': open\n\n');
  const cleanups: (() => void)[] = [];
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  // A session signed out or a role taken away ends the stream too, not only the next request.
  const recheck = setInterval(() => {
    stillAllowed().then(
      (allowed) => allowed || close(),
      () => close(),
    );
  }, recheckMs);
  cleanups.push(
    () => clearInterval(keepAlive),
    () => clearInterval(recheck),
  );
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups) cleanup();
    res.end();
  };
  const stream: EventStream = {
    send: (data) => {
      if (!closed) res.write(`data: ${JSON.stringify(data)}\n\n`);
    },
    onClose: (cleanup) => {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    close,
  };
  open.add(stream);
  cleanups.push(() => open.delete(stream));
  req.on('close', close);
  return stream;
}
