/**
 * The coordinator check behind `CallUpAccess`. Today it asks the roles module (admins from ADMIN_IDS everywhere,
 * coordinators in their provinces); `adminsOnly` is the rule from before roles existed, kept for tools and tests.
 */
import { canSeeContactDetails } from '../../domain/roles/actor.ts';
import type { Authorization } from '../roles/authorization.ts';
import type { CallUpAccess } from './ports.ts';

export function callUpAccessFrom(authorization: Pick<Authorization, 'actorOf' | 'decide'>): CallUpAccess {
  return {
    async mayCoordinate(userKey, province) {
      const actor = await authorization.actorOf(userKey);
      return authorization.decide(actor, { role: 'coordinator', ...(province ? { province } : {}) }).ok;
    },
    async provincesOf(userKey) {
      const actor = await authorization.actorOf(userKey);
      if (actor.role === 'admin') return null;
      return actor.role === 'coordinator' ? actor.provinces : [];
    },
    async maySeeContactDetails(userKey, volunteerProvince) {
      return canSeeContactDetails(await authorization.actorOf(userKey), volunteerProvince);
    },
  };
}

export function adminsOnly(adminIds: readonly string[]): CallUpAccess {
  const admins = new Set(adminIds);
  return {
    mayCoordinate: async (userKey) => admins.has(userKey),
    provincesOf: async (userKey) => (admins.has(userKey) ? null : []),
    maySeeContactDetails: async (userKey) => admins.has(userKey),
  };
}
