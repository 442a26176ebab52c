/** What reaching people across channels keeps: SMS sent and received, one-time codes, and each platform's health. */
import { collectionSchema, nullable, required } from './fields.ts';

/** One SMS Nazr sent: a call-up card (answerable by reply), a one-time code, or a reply to a person's SMS. */
export interface SmsMessageDocument {
  /** `card:<callUpId>:<volunteerKey>` for a card, so a call-up texts a person at most once; `code:<uuid>` for a code. */
  _id: string;
  kind: 'card' | 'code' | 'reply';
  /** E.164. */
  phone: string;
  volunteerKey: string | null;
  callUpId: string | null;
  /** The call-up's short code, when the card carried one. */
  callUpCode: string | null;
  parts: number;
  state: 'queued' | 'sent' | 'delivered' | 'failed';
  providerId: string | null;
  at: Date;
}

export const smsMessageSchema = collectionSchema<SmsMessageDocument>('sms_messages', {
  ...required({ _id: String, kind: String, phone: String, parts: Number, state: String, at: Date }),
  ...nullable({ volunteerKey: String, callUpId: String, callUpCode: String, providerId: String }),
});
smsMessageSchema.index({ phone: 1, at: -1 });
smsMessageSchema.index({ callUpId: 1 });
smsMessageSchema.index({ providerId: 1 });

/** A provider's callback already handled; `_id` is `<provider>:<message id>`, inserted once. */
export interface SmsInboundDocument {
  _id: string;
  at: Date;
}

export const smsInboundSchema = collectionSchema<SmsInboundDocument>('sms_inbound', {
  ...required({ _id: String, at: Date }),
});

/** The one-time codes of one number: when each was sent (for the hourly cap) and the one that is valid now. */
export interface OneTimeCodeDocument {
  /** E.164. */
  _id: string;
  issuedAt: Date[];
  /** sha256 of the code; a leaked database gives no code. */
  codeHash: string | null;
  expiresAt: Date | null;
  triesLeft: number;
}

export const oneTimeCodeSchema = collectionSchema<OneTimeCodeDocument>('one_time_codes', {
  ...required({ _id: String, issuedAt: [Date], triesLeft: Number }),
  ...nullable({ codeHash: String, expiresAt: Date }),
});

/** How a platform's API has answered lately, shared by every instance. */
export interface PlatformHealthDocument {
  /** The platform (`telegram`, `bale`, `sms`). */
  _id: string;
  /** Failed or timed-out calls in a row. */
  failures: number;
  /** The first of those failures; null while the last call succeeded. */
  failingSince: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
  updatedAt: Date;
}

export const platformHealthSchema = collectionSchema<PlatformHealthDocument>('platform_health', {
  ...required({ _id: String, failures: Number, updatedAt: Date }),
  ...nullable({ failingSince: Date, lastOkAt: Date, lastError: String }),
});
