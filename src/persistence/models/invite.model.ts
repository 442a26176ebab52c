import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

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

export const inviteSchema = collectionSchema<InviteDocument>('invites', {
  ...required({ _id: String, createdBy: String, createdAt: Date, expiresAt: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
  provinces: { type: [String], required: true },
});
// The periodic clean-up of expired links (no TTL indexes on FerretDB).
inviteSchema.index({ expiresAt: 1 });

export const inviteRedemptionSchema = collectionSchema<InviteRedemptionDocument>('invite_redemptions', {
  ...required({ _id: String, redeemedBy: String, redeemedAt: Date }),
});
