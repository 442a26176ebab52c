/**
 * Where a wave's candidates come from. The default asks the database with the indexed query; on MongoDB that is an
 * index scan of the specialty and province. FerretDB v1 answers the same query by decoding every volunteer (about
 * 0.4 ms each, so 40 s for 100,000), which is why an in-process index exists for it (see match-index.ts). A call-up
 * by distance asks `$geoNear` on MongoDB, and the in-process grid on FerretDB, which has no geo indexes.
 */
import { type MatchCriteria, type MatchFields, matchesCallUp } from '../../domain/callups/matching.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { CandidateSource } from './ports.ts';

export function createQueryCandidates(
  volunteers: Pick<VolunteerRepository, 'findCallUpMatches' | 'findMatchFields' | 'findNearby'>,
): CandidateSource {
  return {
    async find(criteria: MatchCriteria, now: Date): Promise<MatchFields[]> {
      const { specialties, provinces, near } = criteria;
      const found = near
        ? await volunteers.findNearby({ specialties, circle: near })
        : await volunteers.findCallUpMatches({ specialties, provinces });
      return found.filter((v) => matchesCallUp(v, criteria, now));
    },
    async confirm(candidates, criteria, now) {
      // One query by `_id`, kept in the candidates' order.
      const current = new Map((await volunteers.findMatchFields(candidates.map((c) => c.key))).map((v) => [v.key, v]));
      return candidates.flatMap((c) => {
        const fields = current.get(c.key);
        return fields && matchesCallUp(fields, criteria, now) ? [fields] : [];
      });
    },
  };
}
