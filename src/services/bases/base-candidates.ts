/**
 * Candidates of a call-up to chosen bases: the members of those bases who match, found through the membership
 * records (a few hundred at most per base) rather than the province-wide search the other targets use.
 */
import { type MatchCriteria, type MatchFields, matchesCallUp } from '../../domain/callups/matching.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { CandidateSource } from '../callups/ports.ts';

export interface BaseCandidatesDeps {
  people: Pick<BasePeopleRepository, 'membersOf'>;
  volunteers: Pick<VolunteerRepository, 'get'>;
}

/**
 * Whether a member of a targeted base matches: reached through the base, so whatever provinces they said they would
 * travel to; everything else (specialty, status, pledged time) as for anyone.
 */
export const matchesAsMember = (v: MatchFields, criteria: MatchCriteria, now: Date): boolean =>
  matchesCallUp({ ...v, reachAnywhere: true }, criteria, now);

/** `inner` for every call-up but those to bases, which this answers from the bases' members. */
export function withBaseTargets(inner: CandidateSource, deps: BaseCandidatesDeps): CandidateSource {
  /** The members of the bases as stored now, in the order of `keys` when given. */
  const members = async (bases: readonly string[], keys?: readonly string[]): Promise<MatchFields[]> => {
    const inBases = new Set((await deps.people.membersOf(bases)).map((m) => m.volunteerKey));
    const wanted = keys ? keys.filter((key) => inBases.has(key)) : [...inBases].sort();
    const found = await Promise.all(wanted.map((key) => deps.volunteers.get(key)));
    return found.filter((v) => v !== undefined);
  };
  const matching = (volunteers: MatchFields[], criteria: MatchCriteria, now: Date) =>
    volunteers.filter((v) => matchesAsMember(v, criteria, now));

  return {
    async find(criteria, now) {
      if (!criteria.bases) return inner.find(criteria, now);
      return matching(await members(criteria.bases), criteria, now);
    },
    async confirm(candidates, criteria, now, options) {
      if (!criteria.bases) return inner.confirm(candidates, criteria, now, options);
      const keys = candidates.map((c) => c.key);
      return matching(await members(criteria.bases, keys), criteria, now);
    },
  };
}
