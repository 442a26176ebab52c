import type { Scope } from '../../domain/roles/actor.ts';
import type { RelayedPeople, RelayedPerson } from '../../services/callups/ports.ts';
import type { CallUpAnswersSource, CallUpForExport } from '../../services/exports/callup-answers-table.ts';
import type { CallUpStatsSource } from '../../services/reports/reports.service.ts';
import type { CallUpOutcome } from '../../services/reports/scope-stats.ts';
import type { CallUpDocument } from '../models/callup.model.ts';
import type { CallUpAnswerDocument } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';

/** Answers that mean "I am coming" (a seat or a place on the waiting list). */
const CONFIRMED = new Set(['yes', 'late']);

/** Who answered, as the file names them: an offline member through their base, else the volunteer as stored now. */
function whoAnswered(person: VolunteerDocument | undefined, relayed: RelayedPerson | undefined, invitedIn: string) {
  // The leader typed the number: nobody proved it.
  if (relayed) return { ...relayed, mobileVerified: false };
  if (!person?.name) return undefined;
  return {
    name: person.name,
    mobile: person.mobile ?? '',
    mobileVerified: person.mobileVerified === true,
    province: person.province ?? invitedIn,
  };
}

/**
 * Read-only views of the call-up collections for reports and exports. Joins and sums are done here in JavaScript:
 * FerretDB v1 has no $lookup and only $sum/$count accumulators. Offline members invited through their base are named
 * by `relayedPeople` (the bases module).
 */
export function createCallUpReportRepository(
  models: Models,
  relayedPeople?: RelayedPeople,
): CallUpStatsSource & CallUpAnswersSource {
  const { callUps, callUpAnswers, volunteers } = models;

  const answersOf = (ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : callUpAnswers.find({ callUpId: { $in: [...ids] } }).lean<CallUpAnswerDocument[]>();

  return {
    async recent(scope: Scope, since: Date): Promise<CallUpOutcome[]> {
      const filter = {
        createdAt: { $gte: since },
        ...(scope.kind === 'provinces' ? { province: { $in: [...scope.provinces] } } : {}),
      };
      const found = await callUps.find(filter).lean<CallUpDocument[]>();
      const answers = await answersOf(found.map((c) => c._id));
      return found.map((c) => {
        // A card withdrawn before it was sent asked nobody.
        const own = answers.filter((a) => a.callUpId === c._id && (a.withdrawnAt ?? null) === null);
        return {
          id: c._id,
          province: c.province,
          createdAt: c.createdAt,
          invited: own.length,
          answered: own.filter((a) => a.answer !== 'none').length,
          confirmed: own.filter((a) => CONFIRMED.has(a.answer)).length,
          needed: c.needs.reduce((sum, n) => sum + n.count, 0),
          filledAt: c.filledAt ?? null,
        };
      });
    },

    async find(callUpId: string): Promise<CallUpForExport | undefined> {
      const callUp = await callUps.findById(callUpId).lean<CallUpDocument>();
      if (!callUp) return undefined;
      const answers = await answersOf([callUpId]);
      // Names and numbers come from the volunteers as they are now: someone who deleted their data has no record,
      // so they drop out of the file.
      const people = await volunteers
        .find({ _id: { $in: answers.map((a) => a.volunteerKey) } })
        .lean<VolunteerDocument[]>();
      const byKey = new Map(people.map((p) => [p._id, p]));
      const relayed = (await relayedPeople?.(answers.map((a) => a.volunteerKey))) ?? new Map();
      return {
        id: callUp._id,
        province: callUp.province,
        title: callUp.title,
        answers: answers.flatMap((a) => {
          const facts = whoAnswered(byKey.get(a.volunteerKey), relayed.get(a.volunteerKey), a.province);
          if (!facts) return [];
          return [
            {
              ...facts,
              specialty: a.specialty,
              answer: a.answer,
              etaMinutes: a.etaMinutes,
              answeredAt: a.answeredAt,
              ...(a.distanceBand ? { distanceBand: a.distanceBand } : {}),
            },
          ];
        }),
      };
    },
  };
}
