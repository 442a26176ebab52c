import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { Feature } from '../../feature.ts';
import { createAnnouncementsFeature } from '../announcements/announcements.feature.ts';
import { createCoordinatorFeature } from '../coordinator/coordinator.feature.ts';
import { createReportsFeature } from '../reports/reports.feature.ts';
import type { StartPayloadHandler } from '../start.feature.ts';
import { createVerificationFeature } from '../verification/verification.feature.ts';
import { createAdminFeature } from './admin.feature.ts';

/** The coordinators' and admins' features, in menu order, and the `/start` handler for invite links. */
export function createStaffFeatures(services: StaffServices): {
  features: Feature[];
  startPayloadHandlers: StartPayloadHandler[];
} {
  const coordinator = createCoordinatorFeature(services);
  return {
    features: [
      coordinator.feature,
      createVerificationFeature(services),
      createReportsFeature(services),
      createAnnouncementsFeature(services),
      createAdminFeature(services),
    ],
    startPayloadHandlers: [coordinator.invites],
  };
}
