/** The first questions of a new call-up: what happened, how urgent, its title and description, and where. */
import { InlineKeyboard } from 'grammy';
import { MAX_NEEDS } from '../../../domain/callups/callup.ts';
import { parseCity, parseDescription, parseTitle } from '../../../domain/callups/draft-answers.ts';
import {
  CRISIS_TYPES,
  getCrisisType,
  getUrgencyLevel,
  matchCrisisType,
  URGENCY_LEVELS,
} from '../../../domain/reference/crisis-types.ts';
import { findProvince, getProvince, PROVINCES } from '../../../domain/reference/provinces.ts';
import type { Creation } from '../../../services/callups/creation.service.ts';
import { NEW_MISSION } from '../../../services/missions/mission-actions.ts';
import type { BotContext } from '../../context.ts';
import type { Notice, StepInput } from '../../flows/flow-engine.ts';
import { cityView, readCity, withoutTypedCity } from '../registration/city-answer.ts';
import { grid, newRow, pagedGrid, pageOf } from '../registration/keyboards.ts';
import { picked, SHOW_ALL, severalFit, withoutChoices, withShowAll } from '../registration/typed-answer.ts';
import { type CallUpForm, invalid, next, type Outcome, type Step } from './callup-form.ts';
import { asksTarget } from './target.steps.ts';

const TYPES_PER_PAGE = 10;
const PROVINCES_PER_PAGE = 18;

/** The kind of event: a paged list, or typed («زمین‌لرزه») and matched like every list (see list-matcher.ts). */
export const typeStep: Step = {
  back: false,
  view(ctx, form, ui) {
    const types = CRISIS_TYPES.filter((c) => !form.choices || form.choices.includes(c.code));
    const keyboard = pagedGrid(
      ui,
      types.map((c) => ({ label: c[ctx.locale], value: `t:${c.code}` })),
      { page: form.page, perPage: TYPES_PER_PAGE, columns: 1 },
    );
    // The other kind of call-up, a mission of weeks at home or abroad, has its own questions (features/missions).
    newRow(keyboard).text(ctx.t('missions:create.kind'), NEW_MISSION);
    return { text: ctx.t('callup:create.type'), keyboard: withShowAll(ctx, ui, keyboard, form) };
  },
  handle(ctx, input, form) {
    let code: string | undefined;
    let notice: Notice | undefined;
    if (input.kind === 'choice') {
      if (input.value === SHOW_ALL) return { type: 'stay', data: withoutChoices(form) };
      const page = pageOf(input.value);
      if (page !== undefined) return { type: 'stay', data: { ...form, page } };
      code = input.value.slice(2);
    } else if (input.kind === 'text') {
      const match = matchCrisisType(input.text);
      if (match.kind === 'several') return severalFit(form, match.codes, input.raw);
      if (match.kind === 'none') return invalid('callup:create.errors.type_unknown');
      code = match.code;
      if (!match.exact) notice = picked(getCrisisType(code)?.[ctx.locale]);
    }
    const type = getCrisisType(code ?? '');
    if (!type) return invalid('callup:create.errors.use_buttons');
    // The type's usual specialties are pre-selected, as many as a call-up takes (the reference lists up to 17, the most
    // needed first); the coordinator removes or adds from there.
    const data = {
      ...withoutChoices(form),
      crisisType: type.code,
      urgency: type.defaultUrgency,
      specialties: type.typicalSpecialties.slice(0, MAX_NEEDS),
    };
    return { ...next('urgency', data), notice };
  },
};

export const urgencyStep: Step = {
  view(ctx, form, ui) {
    const keyboard = new InlineKeyboard();
    for (const level of URGENCY_LEVELS) {
      const label = ctx.t(
        level.code === form.urgency ? 'callup:create.urgency_default' : 'callup:create.urgency_option',
        {
          name: level[ctx.locale],
        },
      );
      keyboard.text(label, ui.data(`u:${level.code}`)).row();
    }
    const level = getUrgencyLevel(form.urgency ?? '');
    return { text: ctx.t('callup:create.urgency', { current: level?.[ctx.locale] ?? '' }), keyboard };
  },
  handle(_ctx, input, form) {
    const level = input.kind === 'choice' ? getUrgencyLevel(input.value.slice(2)) : undefined;
    if (!level) return invalid('callup:create.errors.use_buttons');
    return next('title', { ...form, urgency: level.code });
  },
};

/** A question answered with text, checked by a parser from the domain. */
function textStep(
  key: string,
  parse: (input: string) => { ok: true; value: string } | { ok: false; reason: string; vars?: object },
  apply: (form: CallUpForm, value: string) => CallUpForm,
  nextStep: string,
): Step {
  return {
    view: (ctx) => ({ text: ctx.t(key) }),
    handle(_ctx, input: StepInput, form): Outcome {
      if (input.kind !== 'text') return invalid('callup:create.errors.text_please');
      const parsed = parse(input.raw);
      if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars as Record<string, unknown>);
      return next(nextStep, apply(form, parsed.value));
    },
  };
}

export const titleStep = textStep('callup:create.title', parseTitle, (f, title) => ({ ...f, title }), 'description');
export const descriptionStep = textStep(
  'callup:create.description',
  parseDescription,
  (f, description) => ({ ...f, description }),
  'province',
);
/** Where: the province's cities as buttons, or typed and matched; a name on no list is kept as typed after a tap. */
export const cityStep: Step = {
  view: (ctx, form, ui) => cityView(ctx, form, ui, 'callup:create.city'),
  handle(ctx, input, form) {
    const errorKey = (reason: string) => `callup:create.errors.${reason === 'text_expected' ? 'text_please' : reason}`;
    const read = readCity(ctx, input, form, parseCity, errorKey);
    if ('type' in read) return read;
    return { ...next('location', { ...withoutTypedCity(form), city: read.city }), notice: read.notice };
  },
};

const collators = { fa: new Intl.Collator('fa'), en: new Intl.Collator('en') };

async function allowedProvinces(ctx: BotContext, creation: Creation) {
  const allowed = await creation.provincesFor(ctx.user?.key ?? '');
  return PROVINCES.filter((p) => allowed === null || allowed.includes(p.code)).sort((a, b) =>
    collators[ctx.locale].compare(a[ctx.locale], b[ctx.locale]),
  );
}

/** Only the provinces the coordinator covers (admins: all); a typed name is matched tolerantly. */
export function provinceStep(creation: Creation): Step {
  return {
    async view(ctx, form, ui) {
      const provinces = await allowedProvinces(ctx, creation);
      return {
        text: ctx.t('callup:create.province'),
        keyboard: pagedGrid(
          ui,
          provinces.map((p) => ({ label: p[ctx.locale], value: `v:${p.code}` })),
          { page: form.page, perPage: PROVINCES_PER_PAGE, columns: 3 },
        ),
      };
    },
    async handle(ctx, input, form) {
      let code: string | undefined;
      if (input.kind === 'choice') {
        const page = pageOf(input.value);
        if (page !== undefined) return { type: 'stay', data: { ...form, page } };
        code = getProvince(input.value.slice(2))?.code;
      } else if (input.kind === 'text') {
        code = findProvince(input.text)?.code;
      }
      if (!code) return invalid('callup:create.errors.province_unknown');
      if (!(await allowedProvinces(ctx, creation)).some((p) => p.code === code)) {
        return invalid('callup:create.errors.province_not_yours');
      }
      return next('city', { ...withoutTypedCity(form), province: code });
    },
  };
}

/** The exact place is optional: a shared location, or skip. */
export const locationStep: Step = {
  view: (ctx, _form, ui) => ({
    text: ctx.t('callup:create.location'),
    keyboard: grid(ui, [{ label: ctx.t('callup:create.no_location'), value: 'none' }], 1),
  }),
  handle(_ctx, input, form) {
    // Then whom to reach, when there is a choice to make (see target.steps.ts).
    const onwards = (f: CallUpForm) => next(asksTarget(f) ? 'target' : 'specialties', f);
    if (input.kind === 'location') {
      return onwards({ ...form, location: { latitude: input.latitude, longitude: input.longitude } });
    }
    if (input.kind === 'choice' && input.value === 'none') return onwards({ ...form, location: null });
    return invalid('callup:create.errors.location_please');
  },
};
