import { type Connection, type Model, Schema } from 'mongoose';

/**
 * What the update pipeline keeps beside a chat's session, written in the same document: the last update it handled
 * (update ids only grow per bot, and one chat's updates are handled one at a time) and the latest callback query ids.
 */
export interface HandledMark {
  /** The bot the update id belongs to: a new token starts a new sequence. */
  botId: number;
  updateId: number;
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

export type SessionModel = Model<SessionDocument>;

export function registerSessionModel(connection: Connection): SessionModel {
  return connection.model<SessionDocument>('Session', sessionSchema);
}
