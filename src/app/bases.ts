import type { SendNow } from '../messaging/send-now.ts';
import { createBasePeopleRepository } from '../persistence/repositories/base-people.repository.ts';
import { withBaseTargets } from '../services/bases/base-candidates.ts';
import { createBasesServices } from '../services/bases/bases-services.ts';
import { createRelayedPeople, createRelayedPromoted } from '../services/bases/relayed-people.ts';
import { createRosterCards, type RosterCards } from '../services/bases/roster-cards.ts';
import type { Answers } from '../services/callups/answers.service.ts';
import type { CallUpServices } from '../services/callups/callup-services.ts';
import type { CandidateSource, RelayedPeople, RelayedPromoted } from '../services/callups/ports.ts';
import { createBasePlacement } from '../services/nearest/base-location.ts';
import type { StaffServices } from '../services/roles/staff-services.ts';
import type { ServiceInputs } from './services.ts';

/** The bases module over its own collections, sharing the staff authorization and audit log. */
export function composeBases(
  inputs: ServiceInputs,
  staff: StaffServices,
  callUps: { answers: Pick<Answers, 'answer'>; chat: SendNow },
) {
  const { models } = inputs.database;
  const deps = {
    bases: inputs.repositories.bases,
    people: createBasePeopleRepository(models),
    t: inputs.i18n.t,
    now: inputs.now,
  };
  const rosters = createRosterCards({
    ...deps,
    users: inputs.repositories.users,
    callUps: inputs.repositories.callUps,
    invitations: inputs.repositories.invitations,
    answers: callUps.answers,
    chat: callUps.chat,
  });
  return {
    ...createBasesServices({
      ...deps,
      volunteers: inputs.repositories.volunteers,
      authorization: staff.authorization,
      audit: staff.audit,
      placeAtBase: createBasePlacement(inputs.repositories.volunteers),
    }),
    rosters,
  };
}

/** The call-ups' candidate source, answering call-ups to bases from the bases' members. */
export function baseCandidates(inputs: ServiceInputs, inner: CandidateSource): CandidateSource {
  const people = createBasePeopleRepository(inputs.database.models);
  return withBaseTargets(inner, { people, volunteers: inputs.repositories.volunteers });
}

/** Names the offline members a call-up invited, for every coordinator's view of its people. */
export function relayedPeopleOf(inputs: ServiceInputs): RelayedPeople {
  const { models } = inputs.database;
  return createRelayedPeople({ people: createBasePeopleRepository(models), bases: inputs.repositories.bases });
}

/** Tells the leaders of an offline member's base when a freed seat goes to the member. */
export function relayedPromotedOf(inputs: ServiceInputs, chat: SendNow): RelayedPromoted {
  const { models } = inputs.database;
  return createRelayedPromoted({
    people: createBasePeopleRepository(models),
    bases: inputs.repositories.bases,
    users: inputs.repositories.users,
    chat,
    t: inputs.i18n.t,
  });
}

/** Call-ups whose creation also sends the roster cards of the bases they reach (see roster-cards.ts). */
export function withRosterCards<S extends Pick<CallUpServices, 'creation'>>(callUps: S, rosters: RosterCards): S {
  const { creation } = callUps;
  return {
    ...callUps,
    creation: {
      ...creation,
      async create(...args: Parameters<typeof creation.create>) {
        const created = await creation.create(...args);
        if (created.created) await rosters.send(created.callUp);
        return created;
      },
    },
  };
}
