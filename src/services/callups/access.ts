/**
 * The coordinator check behind `CallUpAccess`. Today it asks the roles module (admins from ADMIN_IDS everywhere,
 * coordinators in their provinces); `adminsOnly` is the rule from before roles existed, kept for tools and tests.
 */
import { canSeeContactDetails } from '../../domain/roles/actor.ts';
import type { Authorization } from '../roles/authorization.ts';
import type { CallUpAccess } from './ports.ts';

export function callUpAccessFrom(
  authorization: Pick<Authorization, 'actorOf' | 'decide' | 'authorize' | 'logRefusal'>,
): CallUpAccess {
  const need = (province?: string) => ({ role: 'coordinator' as const, ...(province ? { province } : {}) });
  return {
    async mayCoordinate(userKey, province) {
      return authorization.decide(await authorization.actorOf(userKey), need(province)).ok;
    },
    async authorize(userKey, attempt, province) {
      return (await authorization.authorize(userKey, need(province), attempt)).ok;
    },
    logRefusal: (userKey, attempt, reason) => authorization.logRefusal(userKey, attempt, reason),
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
    // Before roles there was no audit log to write refusals to.
    authorize: async (userKey) => admins.has(userKey),
    logRefusal: async () => {},
    provincesOf: async (userKey) => (admins.has(userKey) ? null : []),
    maySeeContactDetails: async (userKey) => admins.has(userKey),
  };
}
