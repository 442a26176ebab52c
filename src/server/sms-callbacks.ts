/**
 * The SMS provider's callbacks: a person's reply (`/sms/inbound/<secret>`) and delivery reports
 * (`/sms/delivery/<secret>`). Providers sign nothing, so, as for Bale's webhook, the secret path is the proof; the
 * provider's panel is given the full URL. Fields come as a form (Kavenegar) or JSON (sms.ir), by POST or GET.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from './webhook-path.ts';

export type SmsCallbackKind = 'inbound' | 'delivery';

export interface SmsCallbackHandlers {
  /** The webhook secret, or the SMS API key when there is none. */
  secret: string;
  inbound(fields: Record<string, unknown>): Promise<unknown>;
  delivery(fields: Record<string, unknown>): Promise<unknown>;
}

const SMS_ROUTE = /^\/sms\/(inbound|delivery)\/([\w-]+)$/;
/** A reply or a report is a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

export function smsCallbackPath(secret: string, kind: SmsCallbackKind): string {
  const proof = createHmac('sha256', secret).update(`sms:${kind}`).digest('base64url').slice(0, 32);
  return `/sms/${kind}/${proof}`;
}

async function readFields(req: IncomingMessage, query: URLSearchParams): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = Object.fromEntries(query);
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > MAX_BODY_BYTES) throw new Error('SMS callback body too large');
  }
  if (body === '') return fields;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  if (type === 'application/json') return { ...fields, ...(JSON.parse(body) as Record<string, unknown>) };
  return { ...fields, ...Object.fromEntries(new URLSearchParams(body)) };
}

/** Handles the request when it is an SMS callback (true), answering 401 for a wrong secret; false for other paths. */
export async function handleSmsCallback(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: SmsCallbackHandlers | undefined,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = SMS_ROUTE.exec(url.pathname);
  if (!route || !handlers) return false;
  const kind = route[1] as SmsCallbackKind;
  if (!sameSecret(url.pathname, smsCallbackPath(handlers.secret, kind))) {
    res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"ok":false,"error":"unauthorized"}');
    return true;
  }
  const fields = await readFields(req, url.searchParams);
  await (kind === 'inbound' ? handlers.inbound(fields) : handlers.delivery(fields));
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  return true;
}
