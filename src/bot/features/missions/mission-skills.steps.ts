import { getMissionVaccination, MISSION_VACCINATIONS, TRAININGS } from '../../../domain/reference/mission-lists.ts';
import { parseJalaliDate } from '../../../domain/text/jalali-parse.ts';
import type { StepOutcome } from '../../flows/flow-engine.ts';
import { DONE, grid, multiSelect, newRow } from '../registration/keyboards.ts';
import { languageChoices, tapLanguage } from './language-levels.ts';
import { type MissionHolder, type MissionStep, missionsOf, withMissions } from './mission-form.ts';

const REMOVE = 'rm';

const invalid = <F>(key: string): StepOutcome<F> => ({ type: 'invalid', key });
const stay = <F>(data: F): StepOutcome<F> => ({ type: 'stay', data });

/** Languages with a level: each tap on a language steps its level up, past the strongest it is cleared. */
export function missionLanguagesStep<F extends MissionHolder>(): MissionStep<F> {
  return {
    view: (ctx, form, ui) => {
      const skills = missionsOf(form).languages;
      const choices = languageChoices(ctx, (code) => skills.find((s) => s.code === code)?.level);
      const keyboard = newRow(grid(ui, choices, 2)).text(ctx.t('registration:keyboard.done'), ui.data(DONE));
      return { text: ctx.t('missions:languages.ask'), keyboard };
    },
    async handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === DONE) return { type: 'next', step: 'mission_trainings', data: form };
      const skills = missionsOf(form).languages;
      const tapped = tapLanguage(input.value, (code) => skills.find((s) => s.code === code)?.level);
      if (!tapped) return invalid('missions:errors.use_buttons');
      const others = skills.filter((s) => s.code !== tapped.code);
      const languages = tapped.level ? [...others, { code: tapped.code, level: tapped.level }] : others;
      return stay(withMissions(form, { languages }));
    },
  };
}

/** Mission-relevant trainings, toggled; none is a valid answer. */
export function missionTrainingsStep<F extends MissionHolder>(): MissionStep<F> {
  return {
    view: (ctx, form, ui) => {
      const selected = missionsOf(form).trainings;
      const choices = TRAININGS.map((t) => ({
        label: t[ctx.locale],
        value: `t:${t.code}`,
        selected: selected.includes(t.code),
      }));
      return { text: ctx.t('missions:trainings.ask'), keyboard: multiSelect(ui, choices, 1) };
    },
    async handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === DONE) return { type: 'next', step: 'mission_vaccinations', data: form };
      const training = TRAININGS.find((t) => `t:${t.code}` === input.value);
      if (!training) return invalid('missions:errors.use_buttons');
      const selected = missionsOf(form).trainings;
      const trainings = selected.includes(training.code)
        ? selected.filter((c) => c !== training.code)
        : TRAININGS.map((t) => t.code).filter((c) => c === training.code || selected.includes(c));
      return stay(withMissions(form, { trainings }));
    },
  };
}

/** Vaccinations with their dates: a tap asks the date of one (or removes it); «تأیید» moves on. */
export function missionVaccinationsStep<F extends MissionHolder>(): MissionStep<F> {
  return {
    view: (ctx, form, ui) => {
      const given = missionsOf(form).vaccinations;
      const choices = MISSION_VACCINATIONS.map((v) => {
        const record = given.find((g) => g.code === v.code);
        const label = record
          ? ctx.t('missions:vaccinations.with_date', { name: v[ctx.locale], date: new Date(record.date) })
          : v[ctx.locale];
        return { label, value: `v:${v.code}` };
      });
      const keyboard = newRow(grid(ui, choices, 1)).text(ctx.t('registration:keyboard.done'), ui.data(DONE));
      return { text: ctx.t('missions:vaccinations.ask'), keyboard };
    },
    async handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === DONE) return { type: 'next', step: 'mission_note', data: form };
      const vaccination = MISSION_VACCINATIONS.find((v) => `v:${v.code}` === input.value);
      if (!vaccination) return invalid('missions:errors.use_buttons');
      return { type: 'next', step: 'mission_vaccine_date', data: { ...form, missionVaccine: vaccination.code } };
    },
  };
}

/** The date of one vaccination's (last) dose, typed as a Jalali date; or remove it from the list. */
export function missionVaccineDateStep<F extends MissionHolder>(now: () => Date): MissionStep<F> {
  const back = (form: F, vaccinations: { code: string; date: string }[]): StepOutcome<F> => {
    const { missionVaccine: _pending, ...rest } = withMissions(form, { vaccinations });
    return { type: 'next', step: 'mission_vaccinations', data: rest as F, remember: false };
  };
  return {
    view: (ctx, form, ui) => {
      const name = getMissionVaccination(form.missionVaccine ?? '')?.[ctx.locale] ?? '';
      const keyboard = grid(ui, [{ label: ctx.t('missions:vaccinations.remove'), value: REMOVE }], 1);
      return { text: ctx.t('missions:vaccinations.date_ask', { name }), keyboard };
    },
    async handle(_ctx, input, form) {
      const code = form.missionVaccine;
      const others = missionsOf(form).vaccinations.filter((v) => v.code !== code);
      if (!code) return back(form, others);
      if (input.kind === 'choice' && input.value === REMOVE) return back(form, others);
      if (input.kind !== 'text') return invalid('missions:errors.vaccination_date.format');
      const parsed = parseJalaliDate(input.text, now());
      if (!parsed.ok) return invalid(`missions:errors.vaccination_date.${parsed.reason}`);
      if (parsed.date.getTime() > now().getTime()) return invalid('missions:errors.vaccination_date.future');
      const order = MISSION_VACCINATIONS.map((v) => v.code);
      const vaccinations = [...others, { code, date: parsed.date.toISOString() }].sort(
        (a, b) => order.indexOf(a.code) - order.indexOf(b.code),
      );
      return back(form, vaccinations);
    },
  };
}
