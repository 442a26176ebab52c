import { type Connection, type Model, Schema } from 'mongoose';

/** One grammY session; `_id` is the session key, so every read and write is an `_id` lookup. */
export interface SessionDocument {
  _id: string;
  value: unknown;
  updatedAt: Date;
}

export const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
    updatedAt: { type: Date, required: true },
  },
  // minimize:false keeps empty objects inside a session as they were written.
  { collection: 'sessions', versionKey: false, minimize: false },
);

export type SessionModel = Model<SessionDocument>;

export function registerSessionModel(connection: Connection): SessionModel {
  return connection.model<SessionDocument>('Session', sessionSchema);
}
