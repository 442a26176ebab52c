import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { RosterCards } from '../../../services/bases/roster-cards.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { CREATE_CALLUP_FLOW } from '../callups/create-callup.flow.ts';
import type { StartPayloadHandler } from '../start.feature.ts';
import { createBasesFeature } from './bases.feature.ts';
import { withBasesInWizard } from './callup-target.steps.ts';
import { createLeaderFeature } from './leader.feature.ts';
import { createMemberFeature } from './member.feature.ts';
import { createRosterFeature } from './roster.feature.ts';

/** The bases module's features (coordinators', leaders', members'), the `/start` handler of leader links, and the offer after registration. */
export function createBasesFeatures(services: BasesServices & { rosters: RosterCards }): {
  features: Feature[];
  startPayloadHandlers: StartPayloadHandler[];
  afterRegistered: (ctx: BotContext) => Promise<void>;
  /** The call-up features with the bases' questions in the call-up wizard. */
  inCallUps: (features: Feature[]) => Feature[];
} {
  const leader = createLeaderFeature(services);
  const member = createMemberFeature(services);
  return {
    features: [leader.feature, member.feature, createBasesFeature(services), createRosterFeature(services.rosters)],
    startPayloadHandlers: [leader.invites],
    afterRegistered: member.afterRegistered,
    inCallUps: (features) =>
      features.map((feature) => ({
        ...feature,
        flows: feature.flows?.map((flow) =>
          flow.name === CREATE_CALLUP_FLOW ? withBasesInWizard(flow, services.callUps) : flow,
        ),
      })),
  };
}
