import type { BaseMembership, LeaderInvite, OfflineMember } from '../../domain/bases/base-people.ts';
import { PLATFORMS } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

/** A volunteer's base; `_id` is the volunteer's key, so a volunteer is in one base at most. */
export type BaseMemberDocument = Omit<BaseMembership, 'volunteerKey'> & { _id: string };

export const baseMemberSchema = collectionSchema<BaseMemberDocument>('base_members', {
  ...required({ _id: String, baseId: String, joinedAt: Date }),
});
baseMemberSchema.index({ baseId: 1 });

export type OfflineMemberDocument = Omit<OfflineMember, 'id'> & { _id: string };

export const offlineMemberSchema = collectionSchema<OfflineMemberDocument>('base_offline_members', {
  ...required({ _id: String, baseId: String, name: String, specialty: String, phone: String, pledgeHours: Number }),
  ...required({ addedBy: String, addedAt: Date }),
});
offlineMemberSchema.index({ baseId: 1 });

/** A leader invite link; `_id` is its secret token. Claimed by a unique insert into `invite_redemptions`. */
export type LeaderInviteDocument = Omit<LeaderInvite, 'token'> & { _id: string };

export const leaderInviteSchema = collectionSchema<LeaderInviteDocument>('base_leader_invites', {
  ...required({ _id: String, baseId: String, createdBy: String, createdAt: Date, expiresAt: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
});
