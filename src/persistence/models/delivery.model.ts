import { Schema } from 'mongoose';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed', 'blocked', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A message as stored: FerretDB v1 cannot store nested arrays, so the keyboard is kept as JSON text. */
export interface StoredOutboxMessage {
  text: string;
  replyMarkupJson?: string;
  parseMode?: string;
  disableNotification?: boolean;
  /** A map pin's place (see OutboxMessage.location). */
  latitude?: number;
  longitude?: number;
}

/**
 * One message for one recipient of a campaign (call-up, announcement, reminder); `_id` is
 * `"<campaignId>:<recipientKey>"`, so enqueuing it twice stores it once. The sender never updates it while sending
 * (an update costs a scan of the collection on FerretDB): claims and results are inserted into their own collections,
 * and the final state is copied here afterwards ("settled"). Read it through the delivery repository, which merges them.
 */
export interface DeliveryDocument {
  _id: string;
  campaignId: string;
  campaignKind: string;
  /** Lower goes first: urgent call-ups before routine announcements. */
  priority: number;
  platform: Platform;
  chatId: string;
  recipientKey: string;
  /** A part of the campaign that can be cancelled on its own, e.g. a specialty code. */
  group?: string;
  message: StoredOutboxMessage;
  state: DeliveryState;
  /** Claims taken so far, as settled; the claims collection has the live count. */
  attempts: number;
  /** Not sent before this time (scheduled reminders); the enqueue time otherwise. */
  nextAttemptAt: Date;
  sentMessageId?: number;
  sentAt?: Date;
  lastError?: string;
  createdAt: Date;
  /** Position in its enqueue call, so one campaign goes out in the order the caller ranked it. */
  seq: number;
}

const messageSchema = new Schema<StoredOutboxMessage>(
  {
    text: { type: String, required: true },
    replyMarkupJson: { type: String },
    parseMode: { type: String },
    disableNotification: { type: Boolean },
    latitude: { type: Number },
    longitude: { type: Number },
  },
  { _id: false },
);

export const deliverySchema = collectionSchema<DeliveryDocument>('deliveries', {
  ...required({
    _id: String,
    campaignId: String,
    campaignKind: String,
    priority: Number,
    chatId: String,
    recipientKey: String,
    message: messageSchema,
    attempts: Number,
    nextAttemptAt: Date,
    createdAt: Date,
    seq: Number,
  }),
  platform: { type: String, enum: PLATFORMS, required: true },
  group: { type: String },
  state: { type: String, enum: DELIVERY_STATES, required: true },
  sentMessageId: { type: Number },
  sentAt: { type: Date },
  lastError: { type: String },
});
// The sender's scan (queued ones of a platform, best first); progress and cancel by campaign and group; erasure.
deliverySchema.index({ state: 1, platform: 1, priority: 1, createdAt: 1, seq: 1 });
deliverySchema.index({ campaignId: 1, group: 1 });
deliverySchema.index({ recipientKey: 1 });
