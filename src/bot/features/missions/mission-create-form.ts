import type { MissionDraft } from '../../../domain/missions/mission.ts';
import { addDays } from '../../../domain/text/tehran-clock.ts';
import type { FlowStep, StepOutcome } from '../../flows/flow-engine.ts';
import type { CallUpForm } from '../callups/callup-form.ts';

/**
 * A mission's answers as the flow keeps them. It extends the call-up's form so the call-up wizard's own specialty
 * and count questions serve it unchanged (they read and write `specialties`, `counts` and `countIndex`).
 */
export interface MissionCreateForm extends CallUpForm {
  where?: 'abroad' | 'home';
  country?: string;
  /** ISO instant of the first day (Tehran midnight). */
  startsOn?: string;
  days?: number;
  languages?: { code: string; minLevel: string }[];
  /** Months the passport must outlive the return; null = not asked (always null at home). */
  passportMonths?: number | null;
  trainings?: string[];
  vaccinations?: string[];
}

export type MissionCreateStep = FlowStep<MissionCreateForm>;
export type MissionCreateOutcome = StepOutcome<MissionCreateForm>;

export const invalidAnswer = (key: string, vars?: Record<string, unknown>): MissionCreateOutcome => ({
  type: 'invalid',
  key,
  vars,
});

export function nextStep(step: string, form: MissionCreateForm): MissionCreateOutcome {
  const { page: _page, ...data } = form;
  return { type: 'next', step, data };
}

/** The draft the service takes, once every question is answered. */
export function missionDraftOf(form: MissionCreateForm): MissionDraft {
  const startsOn = new Date(form.startsOn ?? 0);
  const abroad = form.where === 'abroad';
  return {
    title: form.title ?? '',
    destination: abroad
      ? { kind: 'abroad', country: form.country ?? 'other', city: form.city ?? '' }
      : { kind: 'home', province: form.province ?? '', city: form.city ?? '' },
    requirements: {
      abroad,
      startsOn,
      endsOn: addDays(startsOn, Math.max(1, form.days ?? 1) - 1),
      passportMonthsAfterReturn: abroad ? (form.passportMonths ?? null) : null,
      languages: form.languages ?? [],
      trainings: form.trainings ?? [],
      vaccinations: form.vaccinations ?? [],
    },
    needs: (form.specialties ?? []).map((specialty) => ({ specialty, count: form.counts?.[specialty] ?? 1 })),
    meetingPoint: form.meetingPoint ?? '',
    contact: form.contact ?? '',
  };
}
