import {
  getSpecialty,
  getSpecialtyGroup,
  SPECIALTY_GROUPS,
  specialtiesInGroup,
} from '../../../domain/reference/specialties.ts';
import { validateLicenceNumber } from '../../../domain/validation/licence.ts';
import { matchGroup, matchSpecialty, parseOtherSpecialty } from '../../../domain/volunteers/answers.ts';
import { OTHER_SPECIALTY } from '../../../domain/volunteers/volunteer.ts';
import type { FlowStep, Notice } from '../../flows/flow-engine.ts';
import { grid, newRow, pagedGrid, pageOf } from './keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';
import { picked, SHOW_ALL, severalFit, withoutChoices, withShowAll } from './typed-answer.ts';

type Step = FlowStep<RegistrationForm>;

const invalid = (key: string, vars?: Record<string, unknown>): FormOutcome => ({ type: 'invalid', key, vars });

const SPECIALTIES_PER_PAGE = 8;
const SKIP = 'skip';

/** The profession group: fifteen short names fit on one screen, two to a row (or the few a typed answer fitted). */
export function groupStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => {
      const groups = SPECIALTY_GROUPS.filter((g) => !form.choices || form.choices.includes(g.code));
      const keyboard = grid(
        ui,
        groups.map((g) => ({ label: g[ctx.locale], value: `g:${g.code}` })),
        2,
      );
      return { text: ctx.t('registration:group.ask'), keyboard: withShowAll(ctx, ui, keyboard, form) };
    },
    async handle(ctx, input, form) {
      if (input.kind === 'choice' && input.value === SHOW_ALL) return { type: 'stay', data: withoutChoices(form) };
      let code = input.kind === 'choice' ? input.value.slice(2) : undefined;
      let notice: Notice | undefined;
      if (input.kind === 'text') {
        const match = matchGroup(input.text);
        if (match.kind === 'several') return severalFit(form, match.codes, input.raw);
        if (match.kind === 'one') {
          code = match.code;
          if (!match.exact) notice = picked(getSpecialtyGroup(code)?.[ctx.locale]);
        }
      }
      const group = code ? getSpecialtyGroup(code) : undefined;
      if (!group) return invalid('registration:errors.group.unknown');
      if (group.code === form.group) return proceed(ctx, hooks, 'group', withoutChoices(form), notice);
      // A new group invalidates the specialty and its licence number.
      const { specialty: _s, specialtyOther: _o, licence: _l, choices: _c, ...rest } = form;
      return proceed(ctx, hooks, 'group', { ...rest, group: group.code }, notice);
    },
  };
}

/** The specialty within the group: a paged list, "other" for anything missing, or typed. */
export function specialtyStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => {
      const group = getSpecialtyGroup(form.group ?? '');
      const choices = specialtiesInGroup(form.group ?? '')
        .filter((s) => !form.choices || form.choices.includes(s.code))
        .map((s) => ({ label: s[ctx.locale], value: `s:${s.code}` }));
      const keyboard = pagedGrid(ui, choices, { page: form.page, perPage: SPECIALTIES_PER_PAGE, columns: 1 });
      newRow(keyboard).text(ctx.t('registration:specialty.other'), ui.data(`s:${OTHER_SPECIALTY}`));
      return {
        text: ctx.t('registration:specialty.ask', { group: group?.[ctx.locale] ?? '' }),
        keyboard: withShowAll(ctx, ui, keyboard, form),
      };
    },
    async handle(ctx, input, form) {
      let code: string | undefined;
      let notice: Notice | undefined;
      if (input.kind === 'choice') {
        if (input.value === SHOW_ALL) return { type: 'stay', data: withoutChoices(form) };
        const page = pageOf(input.value);
        if (page !== undefined) return { type: 'stay', data: { ...form, page } };
        code = input.value.slice(2);
      } else if (input.kind === 'text') {
        if (input.text === '') return invalid('registration:errors.specialty.empty');
        const match = matchSpecialty(form.group ?? '', input.text);
        if (match.kind === 'none') return invalid('registration:errors.specialty.not_found');
        if (match.kind === 'several') return severalFit(form, match.codes, input.raw);
        code = match.code;
        if (!match.exact) notice = picked(getSpecialty(code)?.[ctx.locale]);
      }
      if (code === OTHER_SPECIALTY) {
        const { licence: _l, choices: _c, ...rest } = form;
        return proceed(ctx, hooks, 'specialty', { ...rest, specialty: OTHER_SPECIALTY });
      }
      const specialty = getSpecialty(code ?? '');
      if (!specialty || specialty.group !== form.group) return invalid('registration:errors.specialty.not_found');
      const { specialtyOther: _o, licence, choices: _c, ...rest } = form;
      // The licence number is kept when the council stays the same (e.g. GP → emergency medicine).
      const keep = licence && licence.body === specialty.licenceBody ? { licence } : {};
      const answered = { ...rest, ...keep, specialty: specialty.code, specialtyOther: null };
      return proceed(ctx, hooks, 'specialty', answered, notice);
    },
  };
}

export function otherSpecialtyStep(hooks: StepHooks): Step {
  return {
    view: (ctx) => ({ text: ctx.t('registration:specialty.ask_other') }),
    async handle(ctx, input, form) {
      if (input.kind !== 'text') return invalid('registration:errors.specialty_other.text_expected');
      const other = parseOtherSpecialty(input.raw);
      if (!other.ok) return invalid(`registration:errors.specialty_other.${other.reason}`);
      return proceed(ctx, hooks, 'specialty_other', { ...form, specialtyOther: other.value, licence: null });
    },
  };
}

/**
 * The council number where the profession has one (no council publishes a format): format-checked only, and stored as
 * unverified until a coordinator looks it up. Where the council is not confirmed, it may be skipped.
 */
export function licenceStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => {
      const body = getSpecialty(form.specialty ?? '')?.licenceBody ?? 'none';
      const optional = body === 'unconfirmed';
      const keyboard = optional ? grid(ui, [{ label: ctx.t('registration:licence.skip'), value: SKIP }], 1) : undefined;
      return {
        text: ctx.t(optional ? 'registration:licence.ask_optional' : 'registration:licence.ask', {
          body: ctx.t(`registration:licence.body.${body}`),
        }),
        keyboard,
      };
    },
    async handle(ctx, input, form) {
      const body = getSpecialty(form.specialty ?? '')?.licenceBody ?? 'none';
      if (body === 'none') return proceed(ctx, hooks, 'licence', { ...form, licence: null });
      if (input.kind === 'choice' && input.value === SKIP && body === 'unconfirmed') {
        return proceed(ctx, hooks, 'licence', { ...form, licence: null });
      }
      if (input.kind !== 'text') return invalid('registration:errors.licence.text_expected');
      const result = validateLicenceNumber(input.raw, body);
      if (!result.ok) return invalid(`registration:errors.licence.${result.reason}`);
      const unchanged = form.licence?.digits === result.digits && form.licence.body === body;
      const licence =
        unchanged && form.licence
          ? form.licence
          : { body, number: result.raw, digits: result.digits, status: 'unverified' as const };
      return proceed(ctx, hooks, 'licence', { ...form, licence });
    },
  };
}
