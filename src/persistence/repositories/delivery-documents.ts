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
  };
}

function toOutboxMessage(stored: StoredOutboxMessage): OutboxMessage {
  return {
    text: stored.text,
    ...(stored.replyMarkupJson && { replyMarkup: JSON.parse(stored.replyMarkupJson) as Record<string, unknown> }),
    ...(stored.parseMode && { parseMode: stored.parseMode as OutboxMessage['parseMode'] }),
    ...(stored.disableNotification != null && { disableNotification: stored.disableNotification }),
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
export function recordFields(doc: DeliveryDocument) {
  return {
    id: doc._id,
    campaignId: doc.campaignId,
    campaignKind: doc.campaignKind,
    priority: doc.priority,
    platform: doc.platform,
    chatId: doc.chatId,
    recipientKey: doc.recipientKey,
    ...(doc.group != null && { group: doc.group }),
    message: toOutboxMessage(doc.message),
  };
}

export function toSendable(doc: DeliveryDocument, claim?: LatestClaim): SendableDelivery {
  const lastError = claim?.lastError ?? doc.lastError;
  return {
    ...recordFields(doc),
    createdAt: doc.createdAt,
    seq: doc.seq,
    attempt: Math.max(doc.attempts, claim?.attempt ?? 0),
    failures: claim?.failures ?? 0,
    ...(lastError != null && { lastError }),
  };
}
