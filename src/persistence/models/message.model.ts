import type { Types } from 'mongoose';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_KINDS = [
  'text',
  'callback',
  'contact',
  'location',
  'command',
  'edit',
  'document',
  'photo',
  'other',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One line of the message log: what a chat sent us, or what we sent it. */
export interface MessageDocument {
  _id: Types.ObjectId;
  platform: Platform;
  chatId: string;
  direction: MessageDirection;
  kind: MessageKind;
  text?: string;
  callbackData?: string;
  messageId?: number;
  updateId?: number;
  at: Date;
}

export const messageSchema = collectionSchema<MessageDocument>('messages', {
  ...required({ chatId: String, at: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
  direction: { type: String, enum: MESSAGE_DIRECTIONS, required: true },
  kind: { type: String, enum: MESSAGE_KINDS, required: true },
  text: { type: String },
  callbackData: { type: String },
  messageId: { type: Number },
  updateId: { type: Number },
});
// The purge deletes by `at`; a chat's history is read by platform and chat. (FerretDB scans anyway; MongoDB uses them.)
messageSchema.index({ at: 1 });
messageSchema.index({ platform: 1, chatId: 1, at: 1 });
