/**
 * One small interface in front of every SMS provider: send a text, ask how its delivery went, and read what the
 * provider posts back to us (a person's reply, a delivery report). The adapters speak each provider's own HTTP.
 */

export const SMS_PROVIDERS = ['kavenegar', 'smsir'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/** Where a sent SMS is: with the provider or operator, on the phone, or lost for good. */
export type SmsDeliveryState = 'pending' | 'delivered' | 'failed';

export interface SmsSent {
  /** The provider's id of the message, for its delivery status. */
  messageId: string;
}

/** A message a person sent to our number, as the provider's receive callback told us. */
export interface InboundSms {
  /** E.164, `+989XXXXXXXXX`. */
  from: string;
  text: string;
  /** The provider's id, so a callback posted twice is counted once; undefined when the provider sends none. */
  messageId: string | undefined;
}

/** A delivery report the provider posted. */
export interface SmsDeliveryReport {
  messageId: string;
  state: SmsDeliveryState;
}

/** A send the provider refused; `permanent` when sending again would not help (bad number, no credit, bad key). */
export class SmsSendError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'SmsSendError';
    this.permanent = permanent;
  }
}

export interface SmsGateway {
  readonly provider: SmsProvider;
  /** Sends one text to one E.164 number; throws `SmsSendError`. */
  send(to: string, text: string): Promise<SmsSent>;
  /** The delivery state of a sent message. */
  status(messageId: string): Promise<SmsDeliveryState>;
  /** Reads a receive callback's fields (form or JSON); undefined when they are not a message. */
  parseInbound(fields: Record<string, unknown>): InboundSms | undefined;
  /** Reads a delivery-report callback's fields; undefined when they are not a report. */
  parseDeliveryReport(fields: Record<string, unknown>): SmsDeliveryReport | undefined;
}

/** `09121234567`, `989121234567`, `+98 912 123 4567`, `00989121234567` → `+989121234567`; undefined otherwise. */
export function toE164Mobile(raw: string): string | undefined {
  const digits = raw
    .replace(/[\s\-()]/g, '')
    .replace(/^\+/, '')
    .replace(/^00/, '');
  const match = /^(?:98|0)?(9\d{9})$/.exec(digits);
  return match ? `+98${match[1]}` : undefined;
}

/** The field as a string, whatever the callback's encoding made of it. */
export function fieldText(fields: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}
