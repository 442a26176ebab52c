import { Schema } from 'mongoose';

/**
 * What the update pipeline keeps beside a chat's session, written in the same document: the chat's latest update ids
 * and callback query ids it handled (see bot/middlewares/chat-session.ts).
 */
export interface HandledMark {
  /** The bot the update ids belong to: a new token starts a new sequence. */
  botId: number;
  updateIds: number[];
  callbackQueryIds: string[];
  at: Date;
}

/** One chat's session; `_id` is the session key, so every read and write is an `_id` lookup. */
export interface SessionDocument {
  _id: string;
  value: unknown;
  handled?: HandledMark;
  updatedAt: Date;
}

export const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
    handled: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true },
  },
  // minimize:false keeps empty objects inside a session as they were written.
  { collection: 'sessions', versionKey: false, minimize: false },
);
