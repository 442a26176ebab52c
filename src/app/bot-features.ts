import { createDuplicatesFeature } from '../bot/features/admin/duplicates.feature.ts';
import { createStaffFeatures } from '../bot/features/admin/staff-features.ts';
import { createBasesFeatures } from '../bot/features/bases/bases-features.ts';
import { createCallUpFeatures } from '../bot/features/callups/callup-features.ts';
import { createDashboardFeature, type DashboardAccess } from '../bot/features/dashboard/dashboard.feature.ts';
import { createMissionCallUpFeature } from '../bot/features/missions/mission-callup.feature.ts';
import { createVolunteerFeatures } from '../bot/features/registration/volunteer-features.ts';
import { isStaffCtx } from '../bot/filters/staff.filter.ts';
import type { Config } from '../config.ts';
import type { composeServices } from './services.ts';

/** Missions (long deployments at home and abroad): the wizard, the answers and the shortlist board. */
const missionFeature = (services: ReturnType<typeof composeServices>, now: () => Date) =>
  createMissionCallUpFeature({
    missions: services.missionCallUps,
    shortlist: services.missionShortlist,
    exportDeps: services.missionExport,
    now,
  });

/** Every feature the bots serve, in the order they are tried, with the /start payloads staff links carry. */
export function productFeatures(
  services: ReturnType<typeof composeServices>,
  config: Config,
  now: () => Date,
  dashboard: DashboardAccess,
) {
  const staff = createStaffFeatures(services.staff);
  const bases = createBasesFeatures(services.bases);
  const volunteers = createVolunteerFeatures({
    volunteers: services.volunteers,
    missions: services.missions,
    identity: services.identity.accounts,
    erasure: services.erasure,
    now,
    isStaff: (ctx) => isStaffCtx(ctx, services.staff.authorization),
    messageLogDays: config.messageLogDays,
    afterRegistered: bases.afterRegistered,
    smsReach: services.reach.sms && { codes: services.reach.sms.codes, reach: services.identity.reach },
  });
  return {
    features: [
      ...bases.inCallUps(createCallUpFeatures(services.callUps, services.replies, now)),
      missionFeature(services, now),
      ...volunteers,
      ...staff.features,
      ...bases.features,
      createDashboardFeature(dashboard, services.staff.authorization),
      createDuplicatesFeature(services.identity.duplicates, services.staff.authorization),
    ],
    startPayloadHandlers: [...staff.startPayloadHandlers, ...bases.startPayloadHandlers],
  };
}
