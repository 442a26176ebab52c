/**
 * Where a person is reached, for delivery and failover (the next channel when one fails): the one place that turns
 * any of a person's account keys into their reach points, preferred first. See domain/identity/reach-point.ts.
 */
import {
  addReachPoint,
  nextReachPoint,
  type ReachPoint,
  reachPointsOf,
  withReachPoints,
} from '../../domain/identity/reach-point.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { MobileRegister } from './mobile-register.ts';

export interface ReachPointsService {
  /** The person's reach points, preferred first; `key` is theirs or any of their accounts'. [] when nobody is registered so. */
  of(key: string): Promise<ReachPoint[]>;
  /** The person's first reach point not in `tried` (ids from reachPointId); undefined when none is left. */
  next(key: string, tried: ReadonlySet<string>): Promise<ReachPoint | undefined>;
  /**
   * The person's registered number, proved by a one-time code sent to it by SMS, becomes verified and their SMS reach
   * point (last, once). Only that number (another is first changed in the profile, so "who holds which number"
   * stays one list): undefined for another number or no such person.
   */
  addProvedSms(personKey: string, mobile: string): Promise<Volunteer | undefined>;
}

export interface ReachPointsDeps {
  volunteers: Pick<VolunteerRepository, 'get' | 'update'>;
  users: Pick<UserRepository, 'get'>;
  mobiles: Pick<MobileRegister, 'changed'>;
  now: () => Date;
}

export function createReachPointsService(deps: ReachPointsDeps): ReachPointsService {
  /** An account linked to a person carries the person's key; the person's own account is the key itself. */
  const personOf = async (key: string) => deps.volunteers.get((await deps.users.get(key))?.personKey ?? key);

  return {
    async of(key) {
      const person = await personOf(key);
      return person ? reachPointsOf(person) : [];
    },

    async next(key, tried) {
      const person = await personOf(key);
      return person ? nextReachPoint(person, tried) : undefined;
    },

    async addProvedSms(personKey, mobile) {
      const before = await deps.volunteers.get(personKey);
      if (before?.mobile !== mobile) return undefined;
      let proved = false;
      const after = await deps.volunteers.update(personKey, (current) => {
        // The number may have changed since it was read.
        proved = current.mobile === mobile;
        return proved
          ? { ...withReachPoints(addReachPoint(current, { kind: 'sms', mobile })), mobileVerified: true }
          : {};
      });
      if (!proved || !after) return undefined;
      await deps.mobiles.changed(before, after, deps.now());
      return after;
    },
  };
}
