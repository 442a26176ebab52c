import type { IdentityService } from '../../../services/identity/identity.service.ts';
import type { MissionPledgeService } from '../../../services/missions/mission-pledge.service.ts';
import type { DataErasureService } from '../../../services/volunteers/data-erasure.service.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { createMissionProfileFeature } from '../missions/mission-profile.feature.ts';
import { createAvailabilityFeature } from './availability.feature.ts';
import type { StepHooks } from './navigation.ts';
import { createProfileFeature, profileHooks } from './profile.feature.ts';
import type { SmsReachDeps } from './reach-sms.ts';
import { createRegisteredCheck } from './registered-check.ts';
import { createRegistrationFeature, registrationHooks } from './registration.feature.ts';
import { profileEditFlow, registrationFlow } from './registration-steps.ts';

export interface VolunteerFeatureDeps {
  volunteers: VolunteerService;
  missions: MissionPledgeService;
  identity: IdentityService;
  erasure: DataErasureService;
  now: () => Date;
  messageLogDays: number;
  /** Coordinators and admins: a plain /start does not lead them into registration (they may still register). */
  isStaff: (ctx: BotContext) => Promise<boolean>;
  /** Set when an SMS gateway is configured: adding the registered number as a reach point. */
  smsReach?: SmsReachDeps | undefined;
  /** What follows a confirmed registration (the offer to join a base). */
  afterRegistered?: (ctx: BotContext) => Promise<void>;
}

/**
 * Registration, «پروفایل من» and availability, in menu order. They share the registration's questions (a profile
 * edit asks the same step) and one per-update "is this user registered?" answer for the menu.
 */
export function createVolunteerFeatures(deps: VolunteerFeatureDeps): Feature[] {
  const registered = createRegisteredCheck(deps.volunteers);
  const hooks: StepHooks = {
    ...registrationHooks({
      volunteers: deps.volunteers,
      missions: deps.missions,
      identity: deps.identity,
      registered,
      afterRegistered: deps.afterRegistered,
    }),
    ...profileHooks({ ...deps, registered }),
    now: deps.now,
    messageLogDays: deps.messageLogDays,
  };
  return [
    createRegistrationFeature(
      {
        volunteers: deps.volunteers,
        missions: deps.missions,
        identity: deps.identity,
        registered,
        isStaff: deps.isStaff,
      },
      registrationFlow(hooks),
    ),
    createProfileFeature({ ...deps, registered }, profileEditFlow(hooks)),
    createMissionProfileFeature(deps),
    createAvailabilityFeature({ volunteers: deps.volunteers, registered, now: deps.now }),
  ];
}
