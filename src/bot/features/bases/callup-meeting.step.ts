/**
 * A base as a call-up's meeting point: the wizard's meeting question offers the chosen bases (or its city's), and a
 * tap takes the base's name as the meeting point and its place as the pin sent to those coming.
 */
import type { CallUpBases } from '../../../services/bases/callup-bases.ts';
import type { CallUpForm, Step } from '../callups/callup-form.ts';
import { invalid, next } from '../callups/callup-form.ts';
import { grid } from '../registration/keyboards.ts';

const MEETING_BASE = 'm:';
/** Where the wizard goes after the meeting point. */
const AFTER_MEETING = 'contact';

const offered = (bases: CallUpBases, form: CallUpForm) =>
  bases.meetingBases({ province: form.province ?? '', city: form.city ?? '', target: form.target });

/** The meeting question with the bases to meet at as buttons; a typed meeting point still works as before. */
export function withBaseMeeting(inner: Step, bases: CallUpBases): Step {
  return {
    ...inner,
    async view(ctx, form, ui) {
      const view = await inner.view(ctx, form, ui);
      const choices = (await offered(bases, form)).map((b) => ({ label: b.name, value: `${MEETING_BASE}${b.id}` }));
      if (choices.length === 0) return view;
      return {
        ...view,
        text: `${view.text}\n${ctx.t('bases:callup.meeting_bases')}`,
        keyboard: grid(ui, choices, 1, view.keyboard),
      };
    },
    async handle(ctx, input, form) {
      const { meetingPin: _typedOver, ...rest } = form;
      if (input.kind === 'choice' && input.value.startsWith(MEETING_BASE)) {
        const id = input.value.slice(MEETING_BASE.length);
        const base = (await offered(bases, form)).find((b) => b.id === id);
        if (!base) return invalid('callup:create.errors.use_buttons');
        const meetingPin = { latitude: base.location.lat, longitude: base.location.lon };
        return next(AFTER_MEETING, { ...rest, meetingPoint: base.name, meetingPin });
      }
      return inner.handle(ctx, input, rest);
    },
  };
}
