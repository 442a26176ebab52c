import { isDuplicateKeyError } from '../errors.ts';
import type { DashboardSessionDocument } from '../models/dashboard-access.model.ts';
import type { Models } from '../models/index.ts';

export interface DashboardLinkRecord {
  userKey: string;
  expiresAt: Date;
}

export interface DashboardSessionRecord {
  userKey: string;
  via: string;
  expiresAt: Date;
}

/** Sign-in links and sessions, each stored under the hash of its secret (see dashboard-access.model.ts). */
export interface DashboardAccessRepository {
  createLink(hash: string, userKey: string, createdAt: Date, expiresAt: Date): Promise<void>;
  /** The link, claimed for this one use; undefined when unknown or already used (by this caller or anyone else). */
  claimLink(hash: string, at: Date): Promise<DashboardLinkRecord | undefined>;
  createSession(hash: string, session: DashboardSessionRecord, createdAt: Date): Promise<void>;
  session(hash: string): Promise<DashboardSessionRecord | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Deletes links and sessions that expired before `before`; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}

export function createDashboardAccessRepository(models: Models): DashboardAccessRepository {
  const { dashboardLinks, dashboardLinkUses, dashboardSessions } = models;
  return {
    async createLink(hash, userKey, createdAt, expiresAt) {
      await dashboardLinks.create({ _id: hash, userKey, createdAt, expiresAt });
    },
    async claimLink(hash, at) {
      const link = await dashboardLinks.findById(hash).lean();
      if (!link) return undefined;
      try {
        await dashboardLinkUses.create({ _id: hash, usedAt: at });
      } catch (error) {
        if (isDuplicateKeyError(error)) return undefined;
        throw error;
      }
      return { userKey: link.userKey, expiresAt: link.expiresAt };
    },
    async createSession(hash, session, createdAt) {
      await dashboardSessions.create({ _id: hash, ...session, createdAt });
    },
    async session(hash) {
      const doc = await dashboardSessions.findById(hash).lean<DashboardSessionDocument>();
      return doc ? { userKey: doc.userKey, via: doc.via, expiresAt: doc.expiresAt } : undefined;
    },
    async deleteSession(hash) {
      await dashboardSessions.deleteOne({ _id: hash });
    },
    async deleteExpired(before) {
      const links = await dashboardLinks.find({ expiresAt: { $lt: before } }, { _id: 1 }).lean<{ _id: string }[]>();
      const ids = links.map((doc) => doc._id);
      if (ids.length > 0) {
        await dashboardLinks.deleteMany({ _id: { $in: ids } });
        await dashboardLinkUses.deleteMany({ _id: { $in: ids } });
      }
      const sessions = await dashboardSessions.deleteMany({ expiresAt: { $lt: before } });
      return ids.length + sessions.deletedCount;
    },
  };
}
