import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { Feature } from '../../feature.ts';
import type { StartPayloadHandler } from '../start.feature.ts';
import { createBasesFeature } from './bases.feature.ts';
import { createLeaderFeature } from './leader.feature.ts';

/** The bases module's features (coordinators', leaders') and the `/start` handler of leader links. */
export function createBasesFeatures(services: BasesServices): {
  features: Feature[];
  startPayloadHandlers: StartPayloadHandler[];
} {
  const leader = createLeaderFeature(services);
  return {
    features: [leader.feature, createBasesFeature(services)],
    startPayloadHandlers: [leader.invites],
  };
}
