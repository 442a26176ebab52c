/**
 * Kavenegar through its own SDK (`kavenegar`). The SDK always speaks plain HTTP to `host` on port 80, so a test or
 * the sandbox points `host` at the emulator listening on port 80 of a loopback address.
 */
import kavenegar from 'kavenegar';
import {
  fieldText,
  type SmsDeliveryState,
  type SmsGateway,
  SmsSendError,
  type SmsSent,
  toE164Mobile,
} from './sms-gateway.ts';

export interface KavenegarOptions {
  apiKey: string;
  sender: string;
  /** Default `api.kavenegar.com`; the emulator's address in tests. */
  host?: string | undefined;
}

interface KavenegarEntry {
  messageid?: number | string;
  status?: number;
}

type KavenegarCallback = (entries: unknown, status: number | undefined, message: string | undefined) => void;

/** 5xx and network errors may pass; any other refusal (bad key, number or sender, no credit) will not. */
const isTemporary = (status: number | undefined) => status === undefined || status >= 500;

/** The message statuses of Kavenegar's documentation: 10 delivered; 6, 11, 13, 14 and 100 never will be. */
function deliveryStateOf(status: number | undefined): SmsDeliveryState {
  if (status === 10) return 'delivered';
  if (status === 6 || status === 11 || status === 13 || status === 14 || status === 100) return 'failed';
  return 'pending';
}

/** Iranian numbers as Kavenegar's `receptor` takes them: `09121234567`. */
const localNumber = (e164: string) => `0${e164.replace(/^\+98/, '')}`;

export function createKavenegarGateway(options: KavenegarOptions): SmsGateway {
  const api = kavenegar.KavenegarApi({ apikey: options.apiKey });
  if (options.host) api.options.host = options.host;

  const call = (method: 'Send' | 'Status', params: Record<string, string>) =>
    new Promise<KavenegarEntry[]>((resolve, reject) => {
      const done: KavenegarCallback = (entries, status, message) => {
        if (status === 200 && Array.isArray(entries)) resolve(entries as KavenegarEntry[]);
        else
          reject(
            new SmsSendError(`kavenegar ${method}: ${status ?? 'network'} ${message ?? ''}`, !isTemporary(status)),
          );
      };
      api[method](params, done);
    });

  return {
    provider: 'kavenegar',
    async send(to, text): Promise<SmsSent> {
      const [entry] = await call('Send', { receptor: localNumber(to), sender: options.sender, message: text });
      if (entry?.messageid === undefined) throw new SmsSendError('kavenegar Send: no message id', false);
      return { messageId: String(entry.messageid) };
    },
    async status(messageId) {
      const [entry] = await call('Status', { messageid: messageId });
      return deliveryStateOf(entry?.status);
    },
    parseInbound(fields) {
      const from = toE164Mobile(fieldText(fields, 'from') ?? '');
      const text = fieldText(fields, 'message');
      return from && text !== undefined ? { from, text, messageId: fieldText(fields, 'messageid') } : undefined;
    },
    parseDeliveryReport(fields) {
      const messageId = fieldText(fields, 'messageid');
      const status = Number(fieldText(fields, 'status'));
      return messageId && Number.isFinite(status) ? { messageId, state: deliveryStateOf(status) } : undefined;
    },
  };
}
