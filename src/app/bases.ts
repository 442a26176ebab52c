import { createBaseRepository } from '../persistence/repositories/base.repository.ts';
import { createBasePeopleRepository } from '../persistence/repositories/base-people.repository.ts';
import { withBaseTargets } from '../services/bases/base-candidates.ts';
import { createBasesServices } from '../services/bases/bases-services.ts';
import type { CandidateSource } from '../services/callups/ports.ts';
import type { StaffServices } from '../services/roles/staff-services.ts';
import type { ServiceInputs } from './services.ts';

/** The bases module over its own collections, sharing the staff authorization and audit log. */
export function composeBases(inputs: ServiceInputs, staff: StaffServices) {
  const { models } = inputs.database;
  return createBasesServices({
    bases: createBaseRepository(models),
    people: createBasePeopleRepository(models),
    volunteers: inputs.repositories.volunteers,
    authorization: staff.authorization,
    audit: staff.audit,
    t: inputs.i18n.t,
    now: inputs.now,
  });
}

/** The call-ups' candidate source, answering call-ups to bases from the bases' members. */
export function baseCandidates(inputs: ServiceInputs, inner: CandidateSource): CandidateSource {
  const people = createBasePeopleRepository(inputs.database.models);
  return withBaseTargets(inner, { people, volunteers: inputs.repositories.volunteers });
}
