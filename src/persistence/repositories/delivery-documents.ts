import type { DeliveryDocument, StoredOutboxMessage } from '../models/delivery.model.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryResultDocument } from '../models/delivery-result.model.ts';
import type { Cancellation, OutboxMessage, SendableDelivery, SettleChange } from './delivery.repository.ts';
import type { LatestClaim } from './delivery-view.ts';

// Stored documents ↔ the plain objects the outbox repositories return.

export function deliveryId(campaignId: string, recipientKey: string): string {
  return `${campaignId}:${recipientKey}`;
}

export function toStoredMessage(message: OutboxMessage): StoredOutboxMessage {
  return {
    text: message.text,
    ...(message.replyMarkup && { replyMarkupJson: JSON.stringify(message.replyMarkup) }),
    ...(message.parseMode && { parseMode: message.parseMode }),
    ...(message.disableNotification !== undefined && { disableNotification: message.disableNotification }),
    ...(message.location && { latitude: message.location.latitude, longitude: message.location.longitude }),
  };
}

export type MessageReader = (stored: StoredOutboxMessage) => OutboxMessage;

function toOutboxMessage(stored: StoredOutboxMessage): OutboxMessage {
  return {
    text: stored.text,
    ...(stored.replyMarkupJson && { replyMarkup: JSON.parse(stored.replyMarkupJson) as Record<string, unknown> }),
    ...(stored.parseMode && { parseMode: stored.parseMode as OutboxMessage['parseMode'] }),
    ...(stored.disableNotification != null && { disableNotification: stored.disableNotification }),
    ...(stored.latitude != null &&
      stored.longitude != null && { location: { latitude: stored.latitude, longitude: stored.longitude } }),
  };
}

/**
 * Reads each distinct stored message once and hands out the same object for every delivery that carries it: the
 * thousands of deliveries of a call-up carry a few cards, and a scan held one copy of the card (and of its parsed
 * keyboard) per recipient for as long as they waited. Nothing changes a message once read.
 */
export function sharedMessages(): MessageReader {
  const byText = new Map<string, Map<string, Map<string, OutboxMessage>>>();
  const entry = <V>(map: Map<string, V>, key: string, make: () => V): V => {
    const known = map.get(key);
    if (known !== undefined) return known;
    const made = make();
    map.set(key, made);
    return made;
  };
  return (stored) => {
    const byMarkup = entry(byText, stored.text, () => new Map<string, Map<string, OutboxMessage>>());
    const byOptions = entry(byMarkup, stored.replyMarkupJson ?? '', () => new Map<string, OutboxMessage>());
    const options = `${stored.parseMode ?? ''}|${stored.disableNotification ?? ''}|${stored.latitude},${stored.longitude}`;
    return entry(byOptions, options, () => toOutboxMessage(stored));
  };
}

export function toCancellation(doc: DeliveryCancellationDocument): Cancellation {
  return { campaignId: doc.campaignId, ...(doc.group != null && { group: doc.group }), at: doc.at };
}

export function settleFromResult(result: DeliveryResultDocument): SettleChange {
  return {
    id: result._id,
    state: result.state,
    attempts: result.attempt,
    sentMessageId: result.sentMessageId,
    sentAt: result.sentAt,
    lastError: result.lastError,
  };
}

/** What every view of a delivery repeats from its record: who gets which message, in which campaign. */
export function recordFields(doc: DeliveryDocument, readMessage: MessageReader = toOutboxMessage) {
  return {
    id: doc._id,
    campaignId: doc.campaignId,
    campaignKind: doc.campaignKind,
    priority: doc.priority,
    platform: doc.platform,
    chatId: doc.chatId,
    recipientKey: doc.recipientKey,
    ...(doc.group != null && { group: doc.group }),
    message: readMessage(doc.message),
  };
}

export function toSendable(doc: DeliveryDocument, readMessage: MessageReader, claim?: LatestClaim): SendableDelivery {
  const lastError = claim?.lastError ?? doc.lastError;
  return {
    ...recordFields(doc, readMessage),
    createdAt: doc.createdAt,
    seq: doc.seq,
    attempt: Math.max(doc.attempts, claim?.attempt ?? 0),
    failures: claim?.failures ?? 0,
    ...(lastError != null && { lastError }),
  };
}
