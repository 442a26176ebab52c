import type { FlowDefinition, FlowStep } from '../../flows/flow-engine.ts';
import { MISSIONS_STEP, missionSteps } from '../missions/mission-steps.ts';
import { locationStep } from '../nearest/location.step.ts';
import { consentStep, mobileStep, nameStep } from './identity.steps.ts';
import { linkStep } from './link.step.ts';
import { proceed, type StepHooks } from './navigation.ts';
import { cityStep, provinceStep } from './place.steps.ts';
import { daysStep, hoursStep, modesStep, noteStep, reachStep, validUntilStep, windowsStep } from './pledge.steps.ts';
import type { RegistrationForm } from './registration-form.ts';
import { groupStep, licenceStep, otherSpecialtyStep, specialtyStep } from './specialty.steps.ts';
import { summaryStep } from './summary.step.ts';

export const REGISTRATION_FLOW = 'registration';
export const PROFILE_EDIT_FLOW = 'profile-edit';

/** Every question that fills in a field; a profile edit asks the same ones with the same checks. */
function fieldSteps(hooks: StepHooks): Record<string, FlowStep<RegistrationForm>> {
  return {
    name: nameStep(hooks),
    mobile: mobileStep(hooks),
    group: groupStep(hooks),
    specialty: specialtyStep(hooks),
    specialty_other: otherSpecialtyStep(hooks),
    licence: licenceStep(hooks),
    province: provinceStep(hooks),
    city: cityStep(hooks),
    location: locationStep(hooks),
    hours: hoursStep(hooks),
    days: daysStep(hooks),
    windows: windowsStep(hooks),
    modes: modesStep(hooks),
    reach: reachStep(hooks),
    valid_until: validUntilStep(hooks),
    note: noteStep(hooks),
  };
}

/** Registration: consent, the fields in order, then the summary card to confirm. */
export function registrationFlow(hooks: StepHooks): FlowDefinition<RegistrationForm> {
  return {
    name: REGISTRATION_FLOW,
    first: 'consent',
    cancelledKey: 'registration:cancelled',
    steps: {
      consent: consentStep(hooks),
      ...fieldSteps(hooks),
      // The optional long-missions part, after the modes; its end moves on like any answered field.
      ...missionSteps<RegistrationForm>((ctx, form) => proceed(ctx, hooks, MISSIONS_STEP, form), hooks.now),
      link: linkStep(hooks),
      summary: summaryStep(hooks),
    },
  };
}

/** Editing one field of a profile: started at that field's step, saved when it (and its follow-ups) are answered. */
export function profileEditFlow(hooks: StepHooks): FlowDefinition<RegistrationForm> {
  return {
    name: PROFILE_EDIT_FLOW,
    first: 'name',
    cancelledKey: 'pledge:edit.cancelled',
    steps: fieldSteps(hooks),
  };
}
