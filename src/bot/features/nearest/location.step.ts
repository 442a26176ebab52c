/**
 * The volunteer's own pin, optional: asked once in registration after the city, and from the profile to share a new
 * one or remove it. Stored coarse (the domain snaps it to ~500 m on every write); without it, the city's centre is
 * used for call-ups by distance.
 */
import { coarsen } from '../../../domain/geo/coarse.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { grid } from '../registration/keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from '../registration/navigation.ts';
import type { RegistrationForm } from '../registration/registration-form.ts';

const NONE = 'none';

export function locationStep(hooks: StepHooks): FlowStep<RegistrationForm> {
  return {
    view: (ctx, form, ui) => {
      // Removing is offered only when there is a pin to remove; registration offers to go on without one.
      const label = form.location ? 'registration:location.remove' : 'registration:location.skip';
      return {
        text: ctx.t('registration:location.ask'),
        keyboard: grid(ui, [{ label: ctx.t(label), value: NONE }], 1),
      };
    },
    async handle(ctx, input, form): Promise<FormOutcome> {
      if (input.kind === 'location') {
        const location = coarsen({ lat: input.latitude, lon: input.longitude });
        return proceed(ctx, hooks, 'location', { ...form, location });
      }
      if (input.kind === 'choice' && input.value === NONE) {
        return proceed(ctx, hooks, 'location', { ...form, location: null });
      }
      return { type: 'invalid', key: 'registration:errors.location.share_or_skip' };
    },
  };
}
