import { pairsWithHolders } from '../../domain/identity/shared-number.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import { type IdentityRepository, pairId } from '../../persistence/repositories/identity.repository.ts';

/** Keeps "who holds which number" current as people register and change their number. */
export interface MobileRegister {
  /** A new person holds their number; anyone else holding it is flagged with them for an admin (see shared-number). */
  registered(person: Volunteer, at: Date): Promise<void>;
  /** A person's number (or its verification) may have changed. */
  changed(before: Volunteer, after: Volunteer, at: Date): Promise<void>;
  /** The person is gone (erased or merged into another). */
  released(person: Pick<Volunteer, 'key' | 'mobile'>): Promise<void>;
}

export const noMobileRegister: MobileRegister = {
  registered: async () => {},
  changed: async () => {},
  released: async () => {},
};

/**
 * `merge(keepKey, joinKey)` makes the second person part of the first (see person-merge.ts): two records that proved
 * one number with no "not me" between them are one person (a registration that skipped the question, e.g. seeded).
 */
export function createMobileRegister(
  identity: IdentityRepository,
  merge: (keepKey: string, joinKey: string) => Promise<boolean>,
): MobileRegister {
  const claim = async (person: Volunteer, at: Date, isNew: boolean) => {
    const verified = person.mobileVerified === true;
    const others = await identity.claimMobile(person.mobile, { key: person.key, verified });
    for (const other of others) {
      if (!(verified && other.verified)) {
        if (pairsWithHolders(others.length)) await identity.flagPair(person.key, other.key, 'shared_typed', at);
      } else if (await identity.getPair(pairId(person.key, other.key))) {
        // They said "not me" (or an admin decided): nothing more to do here.
      } else if (isNew) {
        if (await merge(other.key, person.key)) return;
      } else {
        // An edit proved a number another registered person proved: two pledges, an admin's call.
        await identity.flagPair(person.key, other.key, 'shared_verified', at);
      }
    }
  };
  return {
    registered: (person, at) => claim(person, at, true),
    async changed(before, after, at) {
      if (before.mobile === after.mobile && before.mobileVerified === after.mobileVerified) return;
      if (before.mobile !== after.mobile) await identity.releaseMobile(before.mobile, before.key);
      await claim(after, at, false);
    },
    released: (person) => identity.releaseMobile(person.mobile, person.key),
  };
}
