import { accountKeysOf, addReachPoint, reachPointsOf, withReachPoints } from '../../domain/identity/reach-point.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { PersonHistory, PersonMove } from '../../persistence/repositories/person-history.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { MobileRegister } from './mobile-register.ts';

export interface MergeDeps {
  volunteers: Pick<VolunteerRepository, 'get' | 'update' | 'deleteMerged'>;
  users: Pick<UserRepository, 'setPersonKey'>;
  mobiles: Pick<MobileRegister, 'released'>;
}

export interface HistoryDeps {
  history: PersonHistory;
  /** The call-ups' side of a seat freed by a merge: the waiting list moves up (see callups/seats.ts). */
  seats: { givenBack(callUpId: string, specialty: string): Promise<void> };
}

/**
 * Before people who have been called up are merged: their call-up history moves under the kept keys (see
 * PersonHistory), one invitation per call-up, so everything counts each person once. First, so that a crash before
 * the records merge leaves the merge to do again, not a history left behind under a key that is gone.
 */
export async function moveHistories(deps: HistoryDeps, moves: readonly PersonMove[]): Promise<void> {
  for (const seat of await deps.history.moveHistory(moves)) await deps.seats.givenBack(seat.callUpId, seat.specialty);
}

/** Of two people to merge, the one registered first keeps the record (and its key); the other joins it. */
export function mergeOrder(a: Volunteer, b: Volunteer): [keep: Volunteer, join: Volunteer] {
  const aFirst =
    a.registeredAt.getTime() < b.registeredAt.getTime() || (+a.registeredAt === +b.registeredAt && a.key < b.key);
  return aFirst ? [a, b] : [b, a];
}

/**
 * Makes `join` part of `keep`: its reach points and hours served go to `keep`, its accounts become aliases, its
 * record goes (its call-up history first: see moveHistories). Each step can run again after a crash: the hours are
 * added only while its accounts are not yet among keep's reach points. False when either is gone.
 */
export async function mergePeople(deps: MergeDeps, keepKey: string, joinKey: string): Promise<boolean> {
  const join = await deps.volunteers.get(joinKey);
  if (!join || joinKey === keepKey) return false;
  const kept = await deps.volunteers.update(keepKey, (keep) => {
    const joined = accountKeysOf(keep).includes(join.key);
    const points = reachPointsOf(join).reduce(
      (all, p) => addReachPoint({ ...keep, reachPoints: all }, p),
      reachPointsOf(keep),
    );
    const proved = join.mobile === keep.mobile && join.mobileVerified === true;
    return {
      ...withReachPoints(points),
      ...(joined ? {} : { hoursServed: keep.hoursServed + join.hoursServed }),
      ...(proved ? { mobileVerified: true } : {}),
    };
  });
  if (!kept) return false;
  for (const key of accountKeysOf(join)) await deps.users.setPersonKey(key, keepKey);
  await deps.volunteers.deleteMerged(joinKey);
  await deps.mobiles.released(join);
  return true;
}
