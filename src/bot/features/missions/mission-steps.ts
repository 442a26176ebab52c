import type { LeaveMissions, MissionHolder, MissionStep } from './mission-form.ts';
import {
  missionAbroadStep,
  missionHomeStep,
  missionNoteStep,
  missionPassportStep,
  missionsIntroStep,
} from './mission-pledge.steps.ts';
import {
  missionLanguagesStep,
  missionTrainingsStep,
  missionVaccinationsStep,
  missionVaccineDateStep,
} from './mission-skills.steps.ts';

/** The first question of the long-missions part. */
export const MISSIONS_STEP = 'missions';

/**
 * The long-missions part's questions, for any flow whose data holds the part: registration joins them after the
 * modes, the profile runs them as their own flow. `leave` is how the part ends (skipped, removed, or answered).
 */
export function missionSteps<F extends MissionHolder>(
  leave: LeaveMissions<F>,
  now: () => Date,
): Record<string, MissionStep<F>> {
  return {
    [MISSIONS_STEP]: missionsIntroStep(leave),
    mission_home: missionHomeStep(),
    mission_abroad: missionAbroadStep(leave),
    mission_passport: missionPassportStep(now),
    mission_languages: missionLanguagesStep(),
    mission_trainings: missionTrainingsStep(),
    mission_vaccinations: missionVaccinationsStep(),
    mission_vaccine_date: missionVaccineDateStep(now),
    mission_note: missionNoteStep(leave),
  };
}
