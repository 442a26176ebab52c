import type { MissionCallUps } from '../../../services/missions/mission-callups.service.ts';
import type { MissionShortlist } from '../../../services/missions/mission-shortlist.service.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { countStep, specialtiesStep } from '../callups/needs.steps.ts';
import {
  missionCityStep,
  missionContactStep,
  missionCountryStep,
  missionDaysStep,
  missionMeetingStep,
  missionProvinceStep,
  missionStartStep,
  missionTitleStep,
  missionWhereStep,
} from './mission-create.steps.ts';
import type { MissionCreateForm, MissionCreateStep } from './mission-create-form.ts';
import { missionPreviewStep } from './mission-preview.step.ts';
import {
  missionLanguagesStep,
  missionPassportStep,
  missionTrainingsStep,
  missionVaccinationsStep,
} from './mission-requirements.steps.ts';

export const CREATE_MISSION_FLOW = 'mission-create';

/** The call-up wizard's steps read only the call-up fields a mission's form shares (see mission-create-form.ts). */
const shared = (step: unknown) => step as MissionCreateStep;

/**
 * A mission, the call-up wizard's second kind: abroad or at home → country or province → city → title → first day →
 * days → languages → passport (abroad) → trainings → vaccinations → specialties × counts (the call-up's own
 * questions) → meeting point → contact → preview with exclusions, and sending.
 */
export function createMissionFlow(
  missions: MissionCallUps,
  shortlist: MissionShortlist,
  now: () => Date,
): FlowDefinition<MissionCreateForm> {
  return {
    name: CREATE_MISSION_FLOW,
    first: 'mission_where',
    cancelledKey: 'callup:create.cancelled',
    steps: {
      mission_where: missionWhereStep(missions),
      mission_country: missionCountryStep,
      mission_province: missionProvinceStep(missions),
      mission_city: missionCityStep,
      mission_title: missionTitleStep,
      mission_start: missionStartStep(now),
      mission_days: missionDaysStep,
      mission_languages: missionLanguagesStep,
      mission_passport: missionPassportStep,
      mission_trainings: missionTrainingsStep,
      mission_vaccinations: missionVaccinationsStep,
      specialties: shared(specialtiesStep),
      count: shared(countStep),
      // The count question moves on to `start`, which for a mission is where to meet.
      start: missionMeetingStep,
      mission_contact: missionContactStep(missions),
      mission_preview: missionPreviewStep(missions, shortlist),
    },
  };
}
