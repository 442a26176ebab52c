import { Schema } from 'mongoose';
import { ANSWERS, type Invitation } from '../../domain/callups/invitation.ts';
import { collectionSchema, type Fields, nullable, required } from './fields.ts';

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

export const callUpAnswerSchema = collectionSchema<CallUpAnswerDocument>(
  'callup_answers',
  {
    ...required({
      _id: String,
      callUpId: String,
      volunteerKey: String,
      platform: String,
      chatId: String,
      locale: String,
      specialty: String,
      province: String,
      verified: Boolean,
      wave: Number,
      invitedAt: Date,
      cardId: String,
    }),
    ...nullable({
      cardMessageId: Number,
      withdrawnAt: Date,
      etaMinutes: Number,
      answeredAt: Date,
      seat: Number,
      waitingSince: Date,
      remindedAt: Date,
      reconfirm: String,
    }),
    card: { type: Number, default: 0 },
    distanceBand: { type: String, default: undefined },
    answer: { type: String, enum: ANSWERS, required: true },
    attended: { type: Boolean, default: false },
    hoursCredited: { type: Number, default: 0 },
  } satisfies Fields<CallUpAnswerDocument>,
  { minimize: false },
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

export const callUpLastCardSchema = collectionSchema<CallUpLastCardDocument>('callup_last_cards', {
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
});

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

export const servedHoursSchema = collectionSchema<ServedHoursDocument>('served_hours', {
  ...required({ _id: String, month: String, volunteerKey: String, hours: Number }),
});

servedHoursSchema.index({ month: 1, volunteerKey: 1 });
