import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { IdentityRepository } from '../../persistence/repositories/identity.repository.ts';

/** Keeps "who holds which number" current as people register and change their number. */
export interface MobileRegister {
  /** A new person holds their number; anyone else holding it is flagged with them for an admin. */
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

export function createMobileRegister(identity: IdentityRepository): MobileRegister {
  const claim = async (person: Volunteer, at: Date) => {
    const verified = person.mobileVerified === true;
    const others = (await identity.ownersOf(person.mobile)).filter((o) => o.key !== person.key);
    await identity.claimMobile(person.mobile, { key: person.key, verified });
    // Registration refuses a typed number someone holds, and offers to link a proved one: a pair that still
    // shares a number is two people who said they are not one, or one who proved a number another had typed.
    for (const other of others) {
      await identity.flagPair(person.key, other.key, verified && other.verified ? 'declined_link' : 'shared_typed', at);
    }
  };
  return {
    registered: claim,
    async changed(before, after, at) {
      if (before.mobile === after.mobile && before.mobileVerified === after.mobileVerified) return;
      if (before.mobile !== after.mobile) await identity.releaseMobile(before.mobile, before.key);
      await claim(after, at);
    },
    released: (person) => identity.releaseMobile(person.mobile, person.key),
  };
}
