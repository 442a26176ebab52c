/**
 * SMS as a way out: a call-up's card texted to one person (at most once per call-up, within the call-up's cap), any
 * other short text (a code, a confirmation), and the provider's delivery reports. Every send is recorded first, so a
 * reply can be matched to its card and a retry never texts twice.
 */
import { randomUUID } from 'node:crypto';
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Locale } from '../../domain/locale.ts';
import { smsSize } from '../../domain/sms/sms-parts.ts';
import { callUpSmsCode } from '../../domain/sms/sms-reply.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { SmsGateway } from '../../messaging/sms/sms-gateway.ts';
import type { SmsMessageRepository } from '../../persistence/repositories/reach.repository.ts';
import type { PlatformHealth } from './platform-health.ts';
import { smsCardText } from './sms-card.ts';

/** A card is answerable by a bare number this long; a second open call-up within it makes the cards carry a code. */
const OPEN_CARD_MS = 6 * 3_600_000;

export type SmsCardCallUp = Pick<
  CallUp,
  'id' | 'urgency' | 'crisisType' | 'province' | 'city' | 'startsNow' | 'startsAt'
>;

export interface SmsCardRequest {
  callUp: SmsCardCallUp;
  volunteerKey: string;
  phone: string;
  locale: Locale;
  specialty: string;
}

export type SmsCardOutcome = 'sent' | 'duplicate' | 'capped' | 'failed';

export interface SmsChannelDeps {
  gateway: SmsGateway;
  messages: SmsMessageRepository;
  health: Pick<PlatformHealth, 'recordSuccess' | 'recordFailure'>;
  t: Translate;
  now: () => Date;
  logger: Logger;
  /** Most cards one call-up may text (SMS_MAX_PER_CALLUP). */
  maxPerCallUp: number;
}

export interface SmsChannel {
  sendCard(request: SmsCardRequest): Promise<SmsCardOutcome>;
  /** A text outside any call-up: a one-time code or a reply to a person's SMS. */
  /** False when the provider did not take it (recorded as failed). */
  sendText(phone: string, text: string, kind: 'code' | 'reply'): Promise<boolean>;
  /** A provider's delivery-report callback. */
  deliveryReport(fields: Record<string, unknown>): Promise<void>;
  /** How many cards a call-up has texted. */
  sentFor(callUpId: string): Promise<number>;
}

export function createSmsChannel(deps: SmsChannelDeps): SmsChannel {
  const { gateway, messages } = deps;

  /** Sends a recorded message and notes the outcome; the platform health counts the provider's failures. */
  const deliver = async (id: string, phone: string, text: string): Promise<boolean> => {
    try {
      const { messageId } = await gateway.send(phone, text);
      await messages.settle(id, { state: 'sent', providerId: messageId });
      await deps.health.recordSuccess('sms');
      return true;
    } catch (error) {
      deps.logger.warn({ err: error, provider: gateway.provider }, 'an SMS could not be sent');
      await messages.settle(id, { state: 'failed' });
      await deps.health.recordFailure('sms', String(error));
      return false;
    }
  };

  return {
    async sendCard({ callUp, volunteerKey, phone, locale, specialty }) {
      if ((await messages.countCards(callUp.id)) >= deps.maxPerCallUp) return 'capped';
      const now = deps.now();
      const open = await messages.cardsTo(phone, new Date(now.getTime() - OPEN_CARD_MS));
      const code = callUpSmsCode(callUp.id);
      const withCode = open.some((card) => card.callUpId !== callUp.id);
      const text = smsCardText(
        (key, vars) => deps.t(locale, key, vars),
        locale,
        callUp,
        specialty,
        withCode ? code : undefined,
      );
      const id = `card:${callUp.id}:${volunteerKey}`;
      const claimed = await messages.claim({
        id,
        kind: 'card',
        phone,
        volunteerKey,
        callUpId: callUp.id,
        callUpCode: code,
        parts: smsSize(text).parts,
        state: 'queued',
        providerId: null,
        at: now,
      });
      if (!claimed) return 'duplicate';
      return (await deliver(id, phone, text)) ? 'sent' : 'failed';
    },

    async sendText(phone, text, kind) {
      const id = `${kind}:${randomUUID()}`;
      const record = { id, kind, phone, volunteerKey: null, callUpId: null, callUpCode: null };
      await messages.claim({
        ...record,
        parts: smsSize(text).parts,
        state: 'queued',
        providerId: null,
        at: deps.now(),
      });
      return deliver(id, phone, text);
    },

    async deliveryReport(fields) {
      const report = gateway.parseDeliveryReport(fields);
      if (report && report.state !== 'pending') await messages.reportDelivery(report.messageId, report.state);
    },

    sentFor: (callUpId) => messages.countCards(callUpId),
  };
}
