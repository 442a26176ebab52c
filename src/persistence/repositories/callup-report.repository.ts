import type { Scope } from '../../domain/roles/actor.ts';
import type { CallUpAnswersSource, CallUpForExport } from '../../services/exports/callup-answers-table.ts';
import type { CallUpStatsSource } from '../../services/reports/reports.service.ts';
import type { CallUpOutcome } from '../../services/reports/scope-stats.ts';
import type { CallUpDocument } from '../models/callup.model.ts';
import type { CallUpAnswerDocument } from '../models/callup-answer.model.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';

/** Answers that mean "I am coming" (a seat or a place on the waiting list). */
const CONFIRMED = new Set(['yes', 'late']);

/**
 * Read-only views of the call-up collections for reports and exports. Joins and sums are done here in JavaScript:
 * FerretDB v1 has no $lookup and only $sum/$count accumulators.
 */
export function createCallUpReportRepository(models: Models): CallUpStatsSource & CallUpAnswersSource {
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
      return {
        id: callUp._id,
        province: callUp.province,
        title: callUp.title,
        answers: answers.flatMap((a) => {
          const person = byKey.get(a.volunteerKey);
          if (!person?.name) return [];
          return [
            {
              name: person.name,
              mobile: person.mobile ?? '',
              mobileVerified: person.mobileVerified === true,
              specialty: a.specialty,
              province: person.province ?? a.province,
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
