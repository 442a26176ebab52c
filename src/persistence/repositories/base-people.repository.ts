import type { BaseMembership, LeaderInvite, OfflineMember } from '../../domain/bases/base-people.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { BaseMemberDocument, LeaderInviteDocument, OfflineMemberDocument } from '../models/base-people.model.ts';
import type { Models } from '../models/index.ts';

export interface BasePeopleRepository {
  /** Puts the volunteer in this base (leaving any other). */
  join(membership: BaseMembership): Promise<void>;
  /** False when they were in no base. */
  leave(volunteerKey: string): Promise<boolean>;
  membershipOf(volunteerKey: string): Promise<BaseMembership | undefined>;
  /** The keys of the volunteers in these bases, with their base. */
  membersOf(baseIds: readonly string[]): Promise<BaseMembership[]>;
  addOffline(member: OfflineMember): Promise<void>;
  offlineOf(baseIds: readonly string[]): Promise<OfflineMember[]>;
  getOffline(id: string): Promise<OfflineMember | undefined>;
  /** Those of these offline members who are still kept (a removed one is left out). */
  getOfflineMany(ids: readonly string[]): Promise<OfflineMember[]>;
  createInvite(invite: LeaderInvite): Promise<void>;
  getInvite(token: string): Promise<LeaderInvite | undefined>;
  isInviteClaimed(token: string): Promise<boolean>;
  /** True for exactly one caller however many open the link at once. */
  claimInvite(token: string, by: string, at: Date): Promise<boolean>;
}

const toMembership = (doc: BaseMemberDocument): BaseMembership => ({
  volunteerKey: doc._id,
  baseId: doc.baseId,
  joinedAt: doc.joinedAt,
});

const toOffline = ({ _id, ...fields }: OfflineMemberDocument): OfflineMember => ({ id: _id, ...fields });

const toInvite = ({ _id, ...fields }: LeaderInviteDocument): LeaderInvite => ({ token: _id, ...fields });

// Redemptions share the coordinator invites' collection: tokens are random, so they never meet.
const redemptionId = (token: string) => `base-leader:${token}`;

export function createBasePeopleRepository(models: Models): BasePeopleRepository {
  const { baseMembers, offlineMembers, leaderInvites, inviteRedemptions } = models;
  return {
    async join({ volunteerKey, baseId, joinedAt }) {
      await baseMembers.replaceOne({ _id: volunteerKey }, { _id: volunteerKey, baseId, joinedAt }, { upsert: true });
    },
    async leave(volunteerKey) {
      return (await baseMembers.deleteOne({ _id: volunteerKey })).deletedCount > 0;
    },
    async membershipOf(volunteerKey) {
      const doc = await baseMembers.findById(volunteerKey).lean<BaseMemberDocument>();
      return doc ? toMembership(doc) : undefined;
    },
    async membersOf(baseIds) {
      if (baseIds.length === 0) return [];
      const docs = await baseMembers.find({ baseId: { $in: [...baseIds] } }).lean<BaseMemberDocument[]>();
      return docs.map(toMembership);
    },
    async addOffline({ id, ...fields }) {
      await offlineMembers.create({ _id: id, ...fields });
    },
    async offlineOf(baseIds) {
      if (baseIds.length === 0) return [];
      const docs = await offlineMembers.find({ baseId: { $in: [...baseIds] } }).lean<OfflineMemberDocument[]>();
      return docs.map(toOffline).sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.id.localeCompare(b.id));
    },
    async getOffline(id) {
      const doc = await offlineMembers.findById(id).lean<OfflineMemberDocument>();
      return doc ? toOffline(doc) : undefined;
    },
    async getOfflineMany(ids) {
      if (ids.length === 0) return [];
      return (await offlineMembers.find({ _id: { $in: [...ids] } }).lean<OfflineMemberDocument[]>()).map(toOffline);
    },
    async createInvite({ token, ...fields }) {
      await leaderInvites.create({ _id: token, ...fields });
    },
    async getInvite(token) {
      const doc = await leaderInvites.findById(token).lean<LeaderInviteDocument>();
      return doc ? toInvite(doc) : undefined;
    },
    async isInviteClaimed(token) {
      return (await inviteRedemptions.findById(redemptionId(token)).lean()) !== null;
    },
    async claimInvite(token, by, at) {
      try {
        await inviteRedemptions.create({ _id: redemptionId(token), redeemedBy: by, redeemedAt: at });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}
