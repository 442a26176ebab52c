/**
 * One person, many accounts: whose a mobile number is, linking a second messenger account to the person who proved
 * the same number, and the pairs an admin decides on. See domain/identity/reach-point.ts for the model.
 */
import {
  addReachPoint,
  type MessengerReachPoint,
  preferReachPoint,
  removeReachPoint,
  withReachPoints,
} from '../../domain/identity/reach-point.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { IdentityRepository } from '../../persistence/repositories/identity.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';

/** What registration may show of a person found by their number: nothing beyond these. */
export interface FoundPerson {
  key: string;
  name: string;
  group: string;
  specialty: string;
  specialtyOther: string | null;
  province: string;
}

/**
 * `free`: nobody else has the number. `taken`: typed, and someone else has it (refused). `found`: shared from the
 * messenger, and a person proved the same number (ask "is this you?").
 */
export type MobileCheck = { kind: 'free' } | { kind: 'taken' } | { kind: 'found'; person: FoundPerson };

export interface IdentityDeps {
  volunteers: Pick<VolunteerRepository, 'get' | 'update' | 'deleteDraft'>;
  users: Pick<UserRepository, 'setPersonKey'>;
  identity: IdentityRepository;
  audit: Pick<AuditLog, 'record'>;
  now: () => Date;
}

export interface IdentityService {
  /** Whether `mobile` may be stored for `selfKey` (a person key, or a new account's key). */
  checkMobile(selfKey: string, mobile: string, verified: boolean): Promise<MobileCheck>;
  /** The account joins the person: one pledge, one profile, one history; its registration draft goes. */
  link(account: MessengerReachPoint, personKey: string): Promise<Volunteer | undefined>;
  /** The account's owner said the person found is not them: the two stay apart, flagged for an admin. */
  declineLink(accountKey: string, personKey: string): Promise<void>;
  /** Makes one reach point the preferred one (cards go there first); undefined when it is not the person's. */
  prefer(personKey: string, reachPointId: string): Promise<Volunteer | undefined>;
  /**
   * Removes a reach point (never the last one, nor the account the person registered with, whose key is theirs); a
   * removed account is nobody's alias any more. Undefined when refused.
   */
  remove(personKey: string, reachPointId: string): Promise<Volunteer | undefined>;
}

export const foundPerson = (v: Volunteer): FoundPerson => ({
  key: v.key,
  name: v.name,
  group: v.group,
  specialty: v.specialty,
  specialtyOther: v.specialtyOther,
  province: v.province,
});

export function createIdentityService(deps: IdentityDeps): IdentityService {
  return {
    async checkMobile(selfKey, mobile, verified) {
      const others = (await deps.identity.ownersOf(mobile)).filter((o) => o.key !== selfKey);
      if (others.length === 0) return { kind: 'free' };
      if (!verified) return { kind: 'taken' };
      for (const owner of others.filter((o) => o.verified)) {
        const person = await deps.volunteers.get(owner.key);
        if (person?.mobile === mobile && person.mobileVerified) return { kind: 'found', person: foundPerson(person) };
      }
      // Only typed by the others: proving it does not make them this person; the pair is flagged at registration.
      return { kind: 'free' };
    },

    async link(account, personKey) {
      // The reach point first, then the alias: a crash between leaves an account that simply asks again.
      const person = await deps.volunteers.update(personKey, (current) =>
        withReachPoints(addReachPoint(current, account)),
      );
      if (!person) return undefined;
      await deps.users.setPersonKey(account.key, personKey);
      await deps.volunteers.deleteDraft(account.key);
      await deps.audit.record({ actor: account.key, action: 'person.linked', target: personKey });
      return person;
    },

    async declineLink(accountKey, personKey) {
      await deps.identity.flagPair(accountKey, personKey, 'declined_link', deps.now());
    },

    async prefer(personKey, reachPointId) {
      let found = false;
      const person = await deps.volunteers.update(personKey, (current) => {
        const points = preferReachPoint(current, reachPointId);
        found = points !== undefined;
        return points ? withReachPoints(points) : {};
      });
      return found ? person : undefined;
    },

    async remove(personKey, reachPointId) {
      let removed = false;
      const person = await deps.volunteers.update(personKey, (current) => {
        const points = removeReachPoint(current, reachPointId);
        removed = points !== undefined;
        return points ? withReachPoints(points) : {};
      });
      if (!removed || !person) return undefined;
      // A messenger reach point's id is its user key (see reachPointId).
      if (!reachPointId.startsWith('sms:')) await deps.users.setPersonKey(reachPointId, null);
      return person;
    },
  };
}
