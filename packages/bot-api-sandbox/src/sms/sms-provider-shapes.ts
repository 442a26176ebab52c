/**
 * The HTTP shapes of the SMS providers Nazr supports, as the emulator speaks them: Kavenegar
 * (`POST /v1/{apikey}/sms/send.json`, form fields, `{ return, entries }` answers; receive and delivery callbacks as
 * form posts) and sms.ir (`POST /v1/send/bulk` with an `X-API-KEY` header, JSON; `GET /v1/send/{id}`; callbacks as
 * JSON).
 */
import type { SmsRecord } from './sms-phone.ts';

export type SmsProviderName = 'kavenegar' | 'smsir';

/** A send the emulator was asked for, whichever provider's shape it came in. */
export interface SendRequest {
  apiKey: string;
  line: string;
  text: string;
  /** As the client wrote them (`0912…`, `98912…`, `+98912…`). */
  numbers: string[];
}

export type ProviderRoute =
  | { kind: 'send'; request: SendRequest }
  | { kind: 'status'; apiKey: string; messageId: number };

export interface HttpAnswer {
  status: number;
  body: unknown;
}

const KAVENEGAR_PATH = /^\/v1\/([^/]+)\/sms\/(send|status)\.json$/;
const SMSIR_STATUS_PATH = /^\/v1\/send\/(\d+)$/;

/** Which provider call a request is; undefined for any other path. */
export function routeOf(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  fields: Record<string, unknown>,
): { provider: SmsProviderName; route: ProviderRoute } | undefined {
  const kavenegar = KAVENEGAR_PATH.exec(path);
  if (kavenegar && method === 'POST') {
    const apiKey = kavenegar[1] ?? '';
    if (kavenegar[2] === 'status') {
      return { provider: 'kavenegar', route: { kind: 'status', apiKey, messageId: Number(fields.messageid) } };
    }
    const request = {
      apiKey,
      line: String(fields.sender ?? ''),
      text: String(fields.message ?? ''),
      numbers: String(fields.receptor ?? '').split(','),
    };
    return { provider: 'kavenegar', route: { kind: 'send', request } };
  }
  const apiKey = String(headers['x-api-key'] ?? '');
  if (path === '/v1/send/bulk' && method === 'POST') {
    const mobiles = Array.isArray(fields.Mobiles) ? fields.Mobiles.map(String) : [];
    const request = {
      apiKey,
      line: String(fields.lineNumber ?? ''),
      text: String(fields.MessageText ?? ''),
      numbers: mobiles,
    };
    return { provider: 'smsir', route: { kind: 'send', request } };
  }
  const status = SMSIR_STATUS_PATH.exec(path);
  if (status && method === 'GET') {
    return { provider: 'smsir', route: { kind: 'status', apiKey, messageId: Number(status[1]) } };
  }
  return undefined;
}

/** A refusal in the provider's own shape (a bad key, a gateway taken down). */
export function refusal(provider: SmsProviderName, status: number, message: string): HttpAnswer {
  if (provider === 'kavenegar') return { status, body: { return: { status, message }, entries: null } };
  return { status, body: { status: 0, message, data: null } };
}

export function sentAnswer(provider: SmsProviderName, sent: readonly SmsRecord[]): HttpAnswer {
  if (provider === 'kavenegar') {
    const entries = sent.map((r) => ({
      messageid: r.id,
      message: r.text,
      status: 1,
      statustext: 'queued',
      sender: r.line,
      receptor: localNumber(r.phone),
      date: Math.floor(r.at / 1000),
      cost: 0,
    }));
    return { status: 200, body: { return: { status: 200, message: 'OK' }, entries } };
  }
  const data = { packId: `pack-${sent[0]?.id ?? 0}`, messageIds: sent.map((r) => r.id), cost: sent.length };
  return { status: 200, body: { status: 1, message: 'OK', data } };
}

export function statusAnswer(provider: SmsProviderName, record: SmsRecord | undefined): HttpAnswer {
  if (provider === 'kavenegar') {
    // 10 delivered, 11 undelivered, 100 an id the account never sent.
    const status = record === undefined ? 100 : record.delivered ? 10 : 11;
    const entries = [{ messageid: record?.id ?? 0, status, statustext: String(status) }];
    return { status: 200, body: { return: { status: 200, message: 'OK' }, entries } };
  }
  if (!record) return refusal('smsir', 404, 'message not found');
  const data = {
    messageId: record.id,
    mobile: localNumber(record.phone),
    messageText: record.text,
    sendDateTime: Math.floor(record.at / 1000),
    lineNumber: record.line,
    cost: 1,
    deliveryState: record.delivered ? 1 : 2,
    deliveryDateTime: record.delivered ? Math.floor(record.at / 1000) : null,
  };
  return { status: 200, body: { status: 1, message: 'OK', data } };
}

/** The receive callback a provider posts when a person replies: form fields (Kavenegar) or JSON (sms.ir). */
export function inboundCallback(provider: SmsProviderName, record: SmsRecord): { contentType: string; body: string } {
  if (provider === 'kavenegar') {
    const form = {
      messageid: String(record.id),
      from: localNumber(record.phone),
      to: record.line,
      message: record.text,
    };
    return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(form).toString() };
  }
  const json = {
    messageId: record.id,
    mobile: localNumber(record.phone),
    messageText: record.text,
    number: record.line,
    receivedDateTime: new Date(record.at).toISOString(),
  };
  return { contentType: 'application/json', body: JSON.stringify(json) };
}

/** The delivery report a provider posts once the operator knows whether a text reached the phone. */
export function deliveryCallback(provider: SmsProviderName, record: SmsRecord): { contentType: string; body: string } {
  if (provider === 'kavenegar') {
    const form = { messageid: String(record.id), status: record.delivered ? '10' : '11' };
    return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(form).toString() };
  }
  const json = { messageId: record.id, deliveryState: record.delivered ? 1 : 2 };
  return { contentType: 'application/json', body: JSON.stringify(json) };
}

/** `09121234567`, as both providers write Iranian numbers. */
export function localNumber(phone: string): string {
  return `0${phone.replace(/^\+?98/, '')}`;
}

/** `+989121234567` from any of the ways a number is written; undefined when it is no Iranian mobile. */
export function normalizePhone(raw: string): string | undefined {
  const match = /^(?:\+?98|0098|0)?(9\d{9})$/.exec(raw.replace(/[\s-]/g, ''));
  return match ? `+98${match[1]}` : undefined;
}
