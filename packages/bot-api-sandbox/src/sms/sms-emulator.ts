/**
 * The sandbox's SMS gateway: the HTTP shapes of Kavenegar and sms.ir (send, delivery status, receive and delivery
 * callbacks to the bot), and a phone per simulated person who can read the texts and reply. Its own server, so it
 * can listen where an SDK insists on (Kavenegar's only speaks to port 80).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http/read-request.ts';
import { SmsPhone, type SmsRecord } from './sms-phone.ts';
import {
  deliveryCallback,
  type HttpAnswer,
  inboundCallback,
  normalizePhone,
  type ProviderRoute,
  refusal,
  routeOf,
  type SmsProviderName,
  sentAnswer,
  statusAnswer,
} from './sms-provider-shapes.ts';

export interface SmsEmulatorOptions {
  /** Default 127.0.0.1; port 0 (the default) picks a free one. */
  host?: string;
  port?: number;
  /** When set, only this API key is accepted (403 otherwise, as a provider refuses a wrong key). */
  apiKey?: string;
}

/** Where the emulator posts a person's replies and delivery reports: the bot's endpoints, in a provider's shape. */
export interface SmsCallbacks {
  provider: SmsProviderName;
  inboundUrl: string;
  deliveryUrl?: string;
}

type SmsListener = (record: SmsRecord) => void;

const MAX_BODY_BYTES = 64 * 1024;

export class SmsGatewayEmulator {
  /** `http://host:port`: the provider address to give the adapter. */
  readonly apiRoot: string;
  readonly #server: Server;
  readonly #apiKey: string | undefined;
  readonly #phones = new Map<string, SmsPhone>();
  readonly #records = new Map<number, SmsRecord>();
  readonly #listeners = new Set<SmsListener>();
  #callbacks: SmsCallbacks | undefined;
  #nextId = 1;
  #down = false;

  constructor(server: Server, apiRoot: string, apiKey: string | undefined) {
    this.#server = server;
    this.apiRoot = apiRoot;
    this.#apiKey = apiKey;
    server.on('request', (req, res) => void this.#handle(req, res));
  }

  /** Tells the emulator where the bot takes replies and delivery reports. */
  connect(callbacks: SmsCallbacks): void {
    this.#callbacks = callbacks;
  }

  /** A person's phone; the same number (in any notation) is always the same phone. */
  phone(number: string): SmsPhone {
    const normalized = normalizePhone(number);
    if (!normalized) throw new TypeError(`not an Iranian mobile number: ${number}`);
    let phone = this.#phones.get(normalized);
    if (!phone) {
      phone = new SmsPhone(normalized, (p, text) => this.#reply(p, text));
      this.#phones.set(normalized, phone);
    }
    return phone;
  }

  /** Every phone that has a conversation, for the web chat's list. */
  phones(): SmsPhone[] {
    return [...this.#phones.values()];
  }

  /** Every text sent through the gateway, oldest first. */
  sent(): SmsRecord[] {
    return [...this.#records.values()].filter((r) => r.direction === 'in').map((r) => ({ ...r }));
  }

  /** Takes the whole gateway down (every call answers 503) or brings it back. */
  setDown(down: boolean): void {
    this.#down = down;
  }

  /** Called with every text sent or replied; returns the unsubscribe function. */
  onMessage(listener: SmsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Kavenegar SDK writes an absolute URL in its request line.
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    let answer: HttpAnswer;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      const matched = routeOf(req.method ?? 'GET', path, req.headers, parseFields(req, body));
      answer = matched ? this.#answer(matched.provider, matched.route) : { status: 404, body: { error: 'not found' } };
    } catch {
      answer = { status: 400, body: { error: 'bad request' } };
    }
    res
      .writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(answer.body));
  }

  #answer(provider: SmsProviderName, route: ProviderRoute): HttpAnswer {
    if (this.#down) return refusal(provider, 503, 'service unavailable');
    const apiKey = route.kind === 'send' ? route.request.apiKey : route.apiKey;
    if (this.#apiKey !== undefined && apiKey !== this.#apiKey) return refusal(provider, 403, 'invalid api key');
    if (route.kind === 'status') return statusAnswer(provider, this.#records.get(route.messageId));
    const phones = route.request.numbers.map((n) => normalizePhone(n));
    if (phones.length === 0 || phones.some((p) => p === undefined)) return refusal(provider, 411, 'invalid receptor');
    const sent = phones.map((p) => this.#store('in', this.phone(p as string), route.request.line, route.request.text));
    for (const record of sent) void this.#postDeliveryReport(record);
    return sentAnswer(provider, sent);
  }

  #store(direction: 'in' | 'out', phone: SmsPhone, line: string, text: string): SmsRecord {
    const delivered = direction === 'out' || !phone.switchedOff;
    const record = { id: this.#nextId++, direction, phone: phone.number, line, text, at: Date.now(), delivered };
    this.#records.set(record.id, record);
    phone.record(record);
    for (const listener of this.#listeners) listener({ ...record });
    return record;
  }

  async #reply(phone: SmsPhone, text: string): Promise<void> {
    const callbacks = this.#callbacks;
    if (!callbacks) throw new Error('the SMS emulator is not connected to a bot: call connect() first');
    const line = phone.received().at(-1)?.line ?? '';
    const record = this.#store('out', phone, line, text);
    const { contentType, body } = inboundCallback(callbacks.provider, record);
    const response = await fetch(callbacks.inboundUrl, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });
    if (!response.ok) throw new Error(`the bot refused the SMS reply: ${response.status}`);
  }

  async #postDeliveryReport(record: SmsRecord): Promise<void> {
    const callbacks = this.#callbacks;
    if (!callbacks?.deliveryUrl) return;
    const { contentType, body } = deliveryCallback(callbacks.provider, record);
    await fetch(callbacks.deliveryUrl, { method: 'POST', headers: { 'Content-Type': contentType }, body }).catch(
      () => undefined,
    );
  }
}

function parseFields(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  if (type === 'application/json') return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** Starts the SMS gateway emulator; give its `apiRoot` to the bot as `SMS_API_ROOT`. */
export async function startSmsEmulator(options: SmsEmulatorOptions = {}): Promise<SmsGatewayEmulator> {
  const server = createServer();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return new SmsGatewayEmulator(server, `http://${host}:${port}`, options.apiKey);
}
