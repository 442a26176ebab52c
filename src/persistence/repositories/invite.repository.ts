import type { Invite } from '../../domain/roles/invite.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';
import type { InviteDocument } from '../models/invite.model.ts';

export interface InviteRepository {
  create(invite: Invite): Promise<void>;
  get(token: string): Promise<Invite | undefined>;
  isRedeemed(token: string): Promise<boolean>;
  /**
   * Claims the invite for one person with a unique insert; true for exactly one caller however many try at once,
   * false for everyone after.
   */
  claim(token: string, by: string, at: Date): Promise<boolean>;
  /** Deletes invites (and their redemptions) that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}

function toInvite(doc: InviteDocument): Invite {
  return {
    token: doc._id,
    platform: doc.platform,
    provinces: [...doc.provinces],
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  };
}

export function createInviteRepository(models: Models): InviteRepository {
  const { invites, inviteRedemptions } = models;
  return {
    async create(invite) {
      const { token, ...fields } = invite;
      await invites.create({ _id: token, ...fields });
    },
    async get(token) {
      const doc = await invites.findById(token).lean<InviteDocument>();
      return doc ? toInvite(doc) : undefined;
    },
    async isRedeemed(token) {
      return (await inviteRedemptions.findById(token).lean()) !== null;
    },
    async claim(token, by, at) {
      try {
        await inviteRedemptions.create({ _id: token, redeemedBy: by, redeemedAt: at });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async deleteExpired(before) {
      const expired = await invites.find({ expiresAt: { $lt: before } }, { _id: 1 }).lean<{ _id: string }[]>();
      const ids = expired.map((doc) => doc._id);
      if (ids.length === 0) return 0;
      await invites.deleteMany({ _id: { $in: ids } });
      await inviteRedemptions.deleteMany({ _id: { $in: ids } });
      return ids.length;
    },
  };
}
