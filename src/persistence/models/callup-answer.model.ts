import { Schema } from 'mongoose';
import { ANSWERS, type Invitation } from '../../domain/callups/invitation.ts';
import type { Fields } from './fields.ts';

/**
 * One invitation and its answer, `_id` = `${callUpId}:${volunteerKey}`: a tap is checked and recorded by `_id`.
 * Inserting it is also what claims the invitation, so two instances sending the same wave invite a person once.
 */
export type CallUpAnswerDocument = Omit<Invitation, 'card' | 'cardMessageId'> & {
  _id: string;
  /** Absent on invitations stored before cards had versions: their card is the first (0). */
  card?: number;
  cardMessageId?: number | null;
};

export const callUpAnswerSchema = new Schema<CallUpAnswerDocument>(
  {
    _id: { type: String, required: true },
    callUpId: { type: String, required: true },
    volunteerKey: { type: String, required: true },
    platform: { type: String, required: true },
    chatId: { type: String, required: true },
    locale: { type: String, required: true },
    specialty: { type: String, required: true },
    province: { type: String, required: true },
    verified: { type: Boolean, required: true },
    wave: { type: Number, required: true },
    invitedAt: { type: Date, required: true },
    cardId: { type: String, required: true },
    card: { type: Number, default: 0 },
    cardMessageId: { type: Number, default: null },
    withdrawnAt: { type: Date, default: null },
    answer: { type: String, enum: ANSWERS, required: true },
    etaMinutes: { type: Number, default: null },
    answeredAt: { type: Date, default: null },
    seat: { type: Number, default: null },
    waitingSince: { type: Date, default: null },
    remindedAt: { type: Date, default: null },
    reconfirm: { type: String, default: null },
    attended: { type: Boolean, default: false },
    hoursCredited: { type: Number, default: 0 },
  } satisfies Fields<CallUpAnswerDocument>,
  { collection: 'callup_answers', versionKey: false, minimize: false },
);

// A call-up's board and its follow-ups read all its invitations; reports and exports do too.
callUpAnswerSchema.index({ callUpId: 1, specialty: 1, answer: 1 });
// Fair rotation reads the invitations made since it last looked.
callUpAnswerSchema.index({ invitedAt: 1 });

/** One card queued for a volunteer: which call-up, and its delivery (to see whether it was sent, and when). */
export interface RecentCard {
  callUpId: string;
  cardId: string;
  at: Date;
}

/**
 * The last few cards queued for a volunteer, newest first, `_id` = user key: a bare «۱», «۲» or «۰» typed after one
 * of them arrived answers it (old Bale clients and bad networks lose buttons).
 */
export interface CallUpLastCardDocument {
  _id: string;
  cards: RecentCard[];
}

export const callUpLastCardSchema = new Schema<CallUpLastCardDocument>(
  {
    _id: { type: String, required: true },
    cards: {
      type: [
        new Schema<RecentCard>(
          {
            callUpId: { type: String, required: true },
            cardId: { type: String, required: true },
            at: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { collection: 'callup_last_cards', versionKey: false },
);

/**
 * Hours served per volunteer and Jalali month, `_id` = `${yyyy-mm}:${volunteerKey}`, so fair ranking can prefer
 * those with the most pledged hours left this month.
 */
export interface ServedHoursDocument {
  _id: string;
  month: string;
  volunteerKey: string;
  hours: number;
}

export const servedHoursSchema = new Schema<ServedHoursDocument>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    volunteerKey: { type: String, required: true },
    hours: { type: Number, required: true },
  },
  { collection: 'served_hours', versionKey: false },
);

servedHoursSchema.index({ month: 1, volunteerKey: 1 });
