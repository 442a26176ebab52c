import {
  getSpecialty,
  getSpecialtyGroup,
  SPECIALTY_GROUPS,
  specialtiesInGroup,
} from '../../../domain/reference/specialties.ts';
import { matchKey } from '../../../domain/text/persian-text.ts';
import { validateLicenceNumber } from '../../../domain/validation/licence.ts';
import { findSpecialtyInGroup, parseOtherSpecialty } from '../../../domain/volunteers/answers.ts';
import { OTHER_SPECIALTY } from '../../../domain/volunteers/volunteer.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { grid, newRow, pagedGrid, pageOf } from './keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';

type Step = FlowStep<RegistrationForm>;

const invalid = (key: string, vars?: Record<string, unknown>): FormOutcome => ({ type: 'invalid', key, vars });

const SPECIALTIES_PER_PAGE = 8;
const SKIP = 'skip';

/** The profession group: fifteen short names fit on one screen, two to a row. */
export function groupStep(hooks: StepHooks): Step {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('registration:group.ask'),
      keyboard: grid(
        ui,
        SPECIALTY_GROUPS.map((g) => ({ label: g[ctx.locale], value: `g:${g.code}` })),
        2,
      ),
    }),
    async handle(ctx, input, form) {
      let code: string | undefined;
      if (input.kind === 'choice') code = input.value.slice(2);
      else if (input.kind === 'text') {
        const key = matchKey(input.text);
        code = SPECIALTY_GROUPS.find((g) => [matchKey(g.fa), matchKey(g.en), g.code].includes(key))?.code;
      }
      const group = code ? getSpecialtyGroup(code) : undefined;
      if (!group) return invalid('registration:errors.group.unknown');
      if (group.code === form.group) return proceed(ctx, hooks, 'group', form);
      // A new group invalidates the specialty and its licence number.
      const { specialty: _s, specialtyOther: _o, licence: _l, ...rest } = form;
      return proceed(ctx, hooks, 'group', { ...rest, group: group.code });
    },
  };
}

/** The specialty within the group: a paged list, "other" for anything missing, or typed. */
export function specialtyStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => {
      const group = getSpecialtyGroup(form.group ?? '');
      const choices = specialtiesInGroup(form.group ?? '').map((s) => ({ label: s[ctx.locale], value: `s:${s.code}` }));
      const keyboard = pagedGrid(ui, choices, { page: form.page, perPage: SPECIALTIES_PER_PAGE, columns: 1 });
      newRow(keyboard).text(ctx.t('registration:specialty.other'), ui.data(`s:${OTHER_SPECIALTY}`));
      return { text: ctx.t('registration:specialty.ask', { group: group?.[ctx.locale] ?? '' }), keyboard };
    },
    async handle(ctx, input, form) {
      let code: string | undefined;
      if (input.kind === 'choice') {
        const page = pageOf(input.value);
        if (page !== undefined) return { type: 'stay', data: { ...form, page } };
        code = input.value.slice(2);
      } else if (input.kind === 'text') {
        if (input.text === '') return invalid('registration:errors.specialty.empty');
        code = findSpecialtyInGroup(form.group ?? '', input.text)?.code;
        if (!code) return invalid('registration:errors.specialty.not_found');
      }
      if (code === OTHER_SPECIALTY) {
        const { licence: _l, ...rest } = form;
        return proceed(ctx, hooks, 'specialty', { ...rest, specialty: OTHER_SPECIALTY });
      }
      const specialty = getSpecialty(code ?? '');
      if (!specialty || specialty.group !== form.group) return invalid('registration:errors.specialty.not_found');
      const { specialtyOther: _o, licence, ...rest } = form;
      // The licence number is kept when the council stays the same (e.g. GP → emergency medicine).
      const keep = licence && licence.body === specialty.licenceBody ? { licence } : {};
      return proceed(ctx, hooks, 'specialty', { ...rest, ...keep, specialty: specialty.code, specialtyOther: null });
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
