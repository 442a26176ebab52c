import { Schema } from 'mongoose';
import type { Platform } from '../../domain/platform.ts';

/** A coordinator invite link; `_id` is the link's secret token. */
export interface InviteDocument {
  _id: string;
  platform: Platform;
  provinces: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * The one redemption an invite may have, keyed by the invite's token: inserting it is the claim. A unique `_id`
 * insert is atomic on MongoDB and on FerretDB v1 (whose findAndModify is not), so two people opening the link at
 * the same moment cannot both win.
 */
export interface InviteRedemptionDocument {
  _id: string;
  redeemedBy: string;
  redeemedAt: Date;
}

export const inviteSchema = new Schema<InviteDocument>(
  {
    _id: { type: String, required: true },
    platform: { type: String, enum: ['telegram', 'bale'], required: true },
    provinces: { type: [String], required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'invites', versionKey: false },
);
// The periodic clean-up of expired links (no TTL indexes on FerretDB).
inviteSchema.index({ expiresAt: 1 });

export const inviteRedemptionSchema = new Schema<InviteRedemptionDocument>(
  {
    _id: { type: String, required: true },
    redeemedBy: { type: String, required: true },
    redeemedAt: { type: Date, required: true },
  },
  { collection: 'invite_redemptions', versionKey: false },
);
