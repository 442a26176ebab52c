import type { Creation } from '../../../services/callups/creation.service.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import type { CallUpForm } from './callup-form.ts';
import { contactStep, durationStep, meetingStep, previewStep, startStep } from './logistics.steps.ts';
import { countStep, specialtiesStep } from './needs.steps.ts';
import { targetStep } from './target.steps.ts';
import {
  cityStep,
  descriptionStep,
  locationStep,
  provinceStep,
  titleStep,
  typeStep,
  urgencyStep,
} from './what-where.steps.ts';

export const CREATE_CALLUP_FLOW = 'callup-create';

/**
 * A new call-up, one short question at a time: type → urgency → title → description → province → city → location
 * → whom (the province, or everyone within R km) → specialties → counts → start → duration → meeting point →
 * contact → preview and send.
 */
export function createCallUpFlow(creation: Creation, now: () => Date): FlowDefinition<CallUpForm> {
  return {
    name: CREATE_CALLUP_FLOW,
    first: 'type',
    cancelledKey: 'callup:create.cancelled',
    steps: {
      type: typeStep,
      urgency: urgencyStep,
      title: titleStep,
      description: descriptionStep,
      province: provinceStep(creation),
      city: cityStep,
      location: locationStep,
      target: targetStep,
      specialties: specialtiesStep,
      count: countStep,
      start: startStep(now),
      duration: durationStep,
      meeting: meetingStep,
      contact: contactStep(creation),
      preview: previewStep(creation),
    },
  };
}
