/**
 * The bases' part of the call-up wizard: a «members of chosen bases» choice in its question of whom to reach, the
 * bases to choose, a base as the meeting point (callup-meeting.step.ts), and the preview's lines per base. The
 * wizard's own steps stay as they are: these wrap them, so the question keeps whatever other choices it has (the
 * province; everyone within a radius), and a province without open bases sees the wizard unchanged.
 */
import { MAX_TARGET_BASES, targetOf } from '../../../domain/callups/target.ts';
import type { CallUpBases } from '../../../services/bases/callup-bases.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import type { CallUpForm, Step } from '../callups/callup-form.ts';
import { invalid, next, toDraft } from '../callups/callup-form.ts';
import { DONE, grid, newRow, pagedGrid, pageOf } from '../registration/keyboards.ts';
import { withBaseMeeting } from './callup-meeting.step.ts';

const PROVINCE = 'province';
const BASES_CHOICE = 'bases';
const BASE = 'b:';
/** The step keys of the call-up wizard these steps hook into. */
const TARGET = 'target';
const TARGET_BASES = 'target_bases';
const AFTER_TARGET = 'specialties';
const BASES_PER_PAGE = 10;

const hasOpenBases = async (bases: CallUpBases, form: CallUpForm) =>
  (await bases.openBases(form.province ?? '')).length > 0;

/** The question of whom to reach when the wizard has none of its own: the province is then the only other choice. */
const provinceOnly: Step = {
  view: (ctx, _form, ui) => ({
    text: ctx.t('bases:callup.target'),
    keyboard: grid(ui, [{ label: ctx.t('bases:callup.target_province'), value: PROVINCE }], 1),
  }),
  handle(_ctx, input, form) {
    if (input.kind === 'choice' && input.value === PROVINCE) {
      return next(AFTER_TARGET, { ...form, target: { kind: 'province' } });
    }
    return invalid('callup:create.errors.use_buttons');
  },
};

/** The question of whom to reach, with «members of chosen bases» under its other choices. */
function withBasesChoice(inner: Step, bases: CallUpBases): Step {
  return {
    ...inner,
    async view(ctx, form, ui) {
      const view = await inner.view(ctx, form, ui);
      if (!(await hasOpenBases(bases, form))) return view;
      const choice = [{ label: ctx.t('bases:callup.target_bases'), value: BASES_CHOICE }];
      return { ...view, keyboard: grid(ui, choice, 1, view.keyboard) };
    },
    handle(ctx, input, form) {
      if (input.kind === 'choice' && input.value === BASES_CHOICE) return next(TARGET_BASES, form);
      return inner.handle(ctx, input, form);
    },
  };
}

const chosenBases = (form: CallUpForm): string[] => {
  const target = form.target && targetOf(form);
  return target?.kind === 'bases' ? [...target.baseIds] : [];
};

/** Which open bases of the province (the call-up's city first), a page at a time: toggles, then «تأیید». */
function targetBasesStep(bases: CallUpBases): Step {
  return {
    async view(ctx, form, ui) {
      const chosen = chosenBases(form);
      const open = await bases.openBases(form.province ?? '', form.city);
      const choices = open.map((b) => ({
        label: chosen.includes(b.id) ? ui.t('registration:keyboard.selected', { label: b.name }) : b.name,
        value: `${BASE}${b.id}`,
      }));
      const keyboard = pagedGrid(ui, choices, { page: form.page, perPage: BASES_PER_PAGE, columns: 1 });
      return {
        text: ctx.t('bases:callup.pick_bases', { max: MAX_TARGET_BASES }),
        keyboard: newRow(keyboard).text(ui.t('registration:keyboard.done'), ui.data(DONE)),
      };
    },
    async handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('callup:create.errors.use_buttons');
      const page = pageOf(input.value);
      if (page !== undefined) return { type: 'stay', data: { ...form, page } };
      const chosen = chosenBases(form);
      if (input.value === DONE) {
        return chosen.length === 0 ? invalid('bases:callup.pick_one') : next(AFTER_TARGET, form);
      }
      const id = input.value.startsWith(BASE) ? input.value.slice(BASE.length) : '';
      if (!(await bases.openBases(form.province ?? '')).some((b) => b.id === id)) {
        return invalid('callup:create.errors.use_buttons');
      }
      const baseIds = chosen.includes(id) ? chosen.filter((b) => b !== id) : [...chosen, id];
      if (baseIds.length > MAX_TARGET_BASES) return invalid('bases:callup.too_many', { max: MAX_TARGET_BASES });
      const { target: _old, ...rest } = form;
      return { type: 'stay', data: baseIds.length > 0 ? { ...rest, target: { kind: 'bases', baseIds } } : rest };
    },
  };
}

/** The preview, with each chosen base and how many of its members match under it. */
function withBasesPreview(inner: Step, bases: CallUpBases): Step {
  return {
    ...inner,
    async view(ctx, form, ui) {
      const view = await inner.view(ctx, form, ui);
      const draft = toDraft(form);
      if (targetOf(draft).kind !== 'bases') return view;
      const counts = await bases.countsByBase(draft);
      const lines = [
        ctx.t('bases:callup.preview_title'),
        ...counts.map((c) => ctx.t('bases:callup.preview_base', { ...c })),
      ];
      return { ...view, text: `${view.text}\n\n${lines.join('\n')}` };
    },
  };
}

/**
 * The location step, going on to the question of whom to reach when the province has open bases. A target chosen
 * before going back (perhaps to another province) is dropped: the question is asked afresh.
 */
function leadingToTarget(location: Step, bases: CallUpBases): Step {
  return {
    ...location,
    async handle(ctx, input, form) {
      const outcome = await location.handle(ctx, input, form);
      if (outcome.type !== 'next' || (outcome.step !== AFTER_TARGET && outcome.step !== TARGET)) return outcome;
      const { target: _earlier, ...data } = outcome.data;
      return { ...outcome, step: (await hasOpenBases(bases, data)) ? TARGET : outcome.step, data };
    },
  };
}

/** The call-up wizard with the bases' questions in it. */
export function withBasesInWizard(flow: FlowDefinition<CallUpForm>, bases: CallUpBases): FlowDefinition<CallUpForm> {
  const { location, target, meeting, preview } = flow.steps;
  if (!location || !meeting || !preview) throw new Error(`the call-up wizard ${flow.name} lacks a step the bases hook`);
  return {
    ...flow,
    steps: {
      ...flow.steps,
      location: leadingToTarget(location, bases),
      [TARGET]: withBasesChoice(target ?? provinceOnly, bases),
      [TARGET_BASES]: targetBasesStep(bases),
      meeting: withBaseMeeting(meeting, bases),
      preview: withBasesPreview(preview, bases),
    },
  };
}
