import { effectiveReach, nextCheckInAfter, reachOf } from '../../domain/volunteers/pledge.ts';
import * as pledgeState from '../../domain/volunteers/pledge-state.ts';
import {
  type ProfileChanges,
  pledgeSchema,
  profileSchema,
  type RegistrationInput,
  registrationSchema,
  type Volunteer,
  type VolunteerIdentity,
} from '../../domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../domain/volunteers/volunteer-error.ts';
import type { VolunteerChanges, VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { type MobileRegister, noMobileRegister } from '../identity/mobile-register.ts';

export interface VolunteerServiceDeps {
  volunteers: VolunteerRepository;
  /** Who holds which number: kept current by every write of a mobile (absent in tests that need no owners). */
  mobiles?: MobileRegister;
  now: () => Date;
}

export interface VolunteerService {
  /** The volunteer's record, or undefined when they have not registered. */
  get(key: string): Promise<Volunteer | undefined>;
  isRegistered(key: string): Promise<boolean>;
  /** Notes that the user consented and began registering, so an abandoned registration gets one reminder. */
  startRegistration(identity: VolunteerIdentity): Promise<void>;
  /** Stores a confirmed registration as an active pledge; throws `already_registered`. */
  register(input: RegistrationInput): Promise<Volunteer>;
  /** Changes profile or pledge fields; the reach list and the status follow the change. */
  updateProfile(key: string, changes: ProfileChanges): Promise<Volunteer>;
  /** Pauses the pledge until Tehran midnight of a day (`until`). */
  pause(key: string, until: Date): Promise<Volunteer>;
  /** Ends a pause or a withdrawal; throws `ended` when the end date has passed. */
  resume(key: string): Promise<Volunteer>;
  withdraw(key: string): Promise<Volunteer>;
  /** Available now (`null`) or away until an instant; the pledge itself is untouched. */
  setAvailability(key: string, unavailableUntil: Date | null): Promise<Volunteer>;
  /** The answer "still valid" to a check-in. */
  confirmPledge(key: string): Promise<Volunteer>;
}

const profileChangesSchema = profileSchema.partial().extend(pledgeSchema.partial().shape).strict();

/** Registration, the pledge and availability for one volunteer at a time. */
export function createVolunteerService(deps: VolunteerServiceDeps): VolunteerService {
  const { volunteers, now } = deps;
  const mobiles = deps.mobiles ?? noMobileRegister;

  const change = async (key: string, apply: (current: Volunteer, at: Date) => VolunteerChanges): Promise<Volunteer> => {
    const at = now();
    const updated = await volunteers.update(key, (current) => ({ ...apply(current, at), updatedAt: at }));
    if (!updated) throw new VolunteerError('not_registered');
    return updated;
  };

  const transition = (result: pledgeState.PledgeTransition): VolunteerChanges => {
    if (!result.ok) throw new VolunteerError(result.reason);
    return { status: result.status, pausedUntil: result.pausedUntil };
  };

  return {
    get: (key) => volunteers.get(key),
    isRegistered: (key) => volunteers.isRegistered(key),

    async startRegistration(identity) {
      await volunteers.startDraft({ ...identity, startedAt: now(), remindedAt: null });
    },

    async register(input) {
      const form = registrationSchema.parse(input);
      const at = now();
      const reach = effectiveReach(form.modes, form.reach);
      const volunteer: Volunteer = {
        ...form,
        reach,
        ...reachOf(form.province, reach),
        status: 'active',
        pausedUntil: null,
        unavailableUntil: null,
        reachable: true,
        hoursServed: 0,
        nextCheckInAt: nextCheckInAfter(at),
        lastCheckInAt: null,
        confirmedAt: at,
        registeredAt: at,
        updatedAt: at,
      };
      if (!(await volunteers.create(volunteer))) throw new VolunteerError('already_registered');
      await mobiles.registered(volunteer, at);
      return volunteer;
    },

    async updateProfile(key, changes) {
      const parsed = profileChangesSchema.parse(changes);
      let before: Volunteer | undefined;
      const updated = await change(key, (current, at) => {
        before = current;
        const next = { ...current, ...parsed };
        const reach = effectiveReach(next.modes, next.reach);
        return {
          ...parsed,
          reach,
          ...reachOf(next.province, reach),
          ...pledgeState.statusAfterEdit(next, at),
          // Looking at and changing the pledge is as good as confirming it.
          confirmedAt: at,
        };
      });
      if (before) await mobiles.changed(before, updated, now());
      return updated;
    },

    pause: (key, until) => change(key, (current, at) => transition(pledgeState.pause(current, until, at))),
    resume: (key) => change(key, (current, at) => transition(pledgeState.resume(current, at))),
    withdraw: (key) => change(key, (current) => transition(pledgeState.withdraw(current))),
    setAvailability: (key, unavailableUntil) => change(key, () => ({ unavailableUntil })),
    confirmPledge: (key) => change(key, (_, at) => ({ confirmedAt: at })),
  };
}
