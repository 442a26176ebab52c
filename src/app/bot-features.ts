import { createDuplicatesFeature } from '../bot/features/admin/duplicates.feature.ts';
import { createStaffFeatures } from '../bot/features/admin/staff-features.ts';
import { createCallUpFeatures } from '../bot/features/callups/callup-features.ts';
import { createVolunteerFeatures } from '../bot/features/registration/volunteer-features.ts';
import { isStaffCtx } from '../bot/filters/staff.filter.ts';
import type { Config } from '../config.ts';
import type { composeServices } from './services.ts';

/** Every feature the bots serve, in the order they are tried, with the /start payloads staff links carry. */
export function productFeatures(services: ReturnType<typeof composeServices>, config: Config, now: () => Date) {
  const staff = createStaffFeatures(services.staff);
  const volunteers = createVolunteerFeatures({
    volunteers: services.volunteers,
    identity: services.identity.accounts,
    erasure: services.erasure,
    now,
    isStaff: (ctx) => isStaffCtx(ctx, services.staff.authorization),
    messageLogDays: config.messageLogDays,
  });
  return {
    features: [
      ...createCallUpFeatures(services.callUps, now),
      ...volunteers,
      ...staff.features,
      createDuplicatesFeature(services.identity.duplicates, services.staff.authorization),
    ],
    startPayloadHandlers: staff.startPayloadHandlers,
  };
}
