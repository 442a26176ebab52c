import { DEFAULT_PASSPORT_MONTHS_AFTER_RETURN } from '../../../domain/missions/readiness.ts';
import { MISSION_VACCINATIONS, type MissionListItem, TRAININGS } from '../../../domain/reference/mission-lists.ts';
import { DONE, grid, multiSelect, newRow } from '../registration/keyboards.ts';
import { languageChoices, tapLanguage } from './language-levels.ts';
import {
  invalidAnswer as invalid,
  type MissionCreateForm,
  type MissionCreateStep,
  nextStep as next,
} from './mission-create-form.ts';

const PASSPORT_CHOICES = [DEFAULT_PASSPORT_MONTHS_AFTER_RETURN, 3, 0] as const;
const NOT_NEEDED = 'none';

/** Each tap on a language raises the level asked for; past the strongest it is no longer asked. */
export const missionLanguagesStep: MissionCreateStep = {
  view(ctx, form, ui) {
    const asked = form.languages ?? [];
    const choices = languageChoices(ctx, (code) => asked.find((a) => a.code === code)?.minLevel);
    const keyboard = newRow(grid(ui, choices, 2)).text(ctx.t('registration:keyboard.done'), ui.data(DONE));
    return { text: ctx.t('missions:create.languages'), keyboard };
  },
  handle(_ctx, input, form) {
    if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
    if (input.value === DONE) return next(form.where === 'abroad' ? 'mission_passport' : 'mission_trainings', form);
    const asked = form.languages ?? [];
    const tapped = tapLanguage(input.value, (code) => asked.find((a) => a.code === code)?.minLevel);
    if (!tapped) return invalid('missions:errors.use_buttons');
    const others = asked.filter((a) => a.code !== tapped.code);
    const languages = tapped.level ? [...others, { code: tapped.code, minLevel: tapped.level }] : others;
    return { type: 'stay', data: { ...form, languages } };
  },
};

/** How long after the return the passport must stay valid (six months by default), or not asked. */
export const missionPassportStep: MissionCreateStep = {
  view: (ctx, _form, ui) => ({
    text: ctx.t('missions:create.passport'),
    keyboard: grid(
      ui,
      PASSPORT_CHOICES.map((months) => ({
        label:
          months === 0 ? ctx.t('missions:create.passport_none') : ctx.t('missions:create.passport_months', { months }),
        value: months === 0 ? NOT_NEEDED : `p:${months}`,
      })),
      1,
    ),
  }),
  handle(_ctx, input, form) {
    if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
    if (input.value === NOT_NEEDED) return next('mission_trainings', { ...form, passportMonths: null });
    const months = PASSPORT_CHOICES.find((m) => `p:${m}` === input.value);
    if (months === undefined) return invalid('missions:errors.use_buttons');
    return next('mission_trainings', { ...form, passportMonths: months });
  },
};

/** A toggled list (trainings or vaccinations); none is a valid answer. */
function listStep(
  field: 'trainings' | 'vaccinations',
  items: readonly MissionListItem[],
  following: string,
): MissionCreateStep {
  return {
    view(ctx, form, ui) {
      const chosen = form[field] ?? [];
      const choices = items.map((i) => ({
        label: i[ctx.locale],
        value: `i:${i.code}`,
        selected: chosen.includes(i.code),
      }));
      return { text: ctx.t(`missions:create.${field}`), keyboard: multiSelect(ui, choices, 1) };
    },
    handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === DONE) return next(following, form);
      const item = items.find((i) => `i:${i.code}` === input.value);
      if (!item) return invalid('missions:errors.use_buttons');
      const chosen = form[field] ?? [];
      const list = chosen.includes(item.code) ? chosen.filter((c) => c !== item.code) : [...chosen, item.code];
      return { type: 'stay', data: { ...form, [field]: list } as MissionCreateForm };
    },
  };
}

export const missionTrainingsStep = listStep('trainings', TRAININGS, 'mission_vaccinations');
/** Then the call-up wizard's own specialty question. */
export const missionVaccinationsStep = listStep('vaccinations', MISSION_VACCINATIONS, 'specialties');
