import { findProvince, getProvince, PROVINCES, suggestProvinces } from '../../../domain/reference/provinces.ts';
import { matchKey } from '../../../domain/text/persian-text.ts';
import { parseCity } from '../../../domain/volunteers/answers.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep, Notice } from '../../flows/flow-engine.ts';
import { cityView, readCity, withoutTypedCity } from './city-answer.ts';
import { pagedGrid, pageOf } from './keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';
import { picked, SHOW_ALL, severalFit, withoutChoices, withShowAll } from './typed-answer.ts';

type Step = FlowStep<RegistrationForm>;

const invalid = (key: string, vars?: Record<string, unknown>): FormOutcome => ({ type: 'invalid', key, vars });

const PROVINCES_PER_PAGE = 18;

const collators = { fa: new Intl.Collator('fa'), en: new Intl.Collator('en') };

/** Provinces in the reader's alphabetical order, so a name is found where it is expected. */
function sortedProvinces(ctx: BotContext) {
  return [...PROVINCES].sort((a, b) => collators[ctx.locale].compare(a[ctx.locale], b[ctx.locale]));
}

/** The province: a paged keyboard, or a typed name matched tolerantly (spelling variants, capital, small typos). */
export function provinceStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => {
      const provinces = sortedProvinces(ctx).filter((p) => !form.choices || form.choices.includes(p.code));
      const keyboard = pagedGrid(
        ui,
        provinces.map((p) => ({ label: p[ctx.locale], value: `v:${p.code}` })),
        { page: form.page, perPage: PROVINCES_PER_PAGE, columns: 3 },
      );
      return { text: ctx.t('registration:province.ask'), keyboard: withShowAll(ctx, ui, keyboard, form) };
    },
    async handle(ctx, input, form) {
      let code: string | undefined;
      let notice: Notice | undefined;
      if (input.kind === 'choice') {
        if (input.value === SHOW_ALL) return { type: 'stay', data: withoutChoices(form) };
        const page = pageOf(input.value);
        if (page !== undefined) return { type: 'stay', data: { ...form, page } };
        code = getProvince(input.value.slice(2))?.code;
      } else if (input.kind === 'text') {
        if (input.text === '') return invalid('registration:errors.province.empty');
        const province = findProvince(input.text);
        if (!province) {
          const suggestions = suggestProvinces(input.text);
          if (suggestions.length === 0) return invalid('registration:errors.province.not_found');
          return severalFit(
            form,
            suggestions.map((p) => p.code),
            input.raw,
          );
        }
        code = province.code;
        // A typo or a capital's name is taken for the province; say which, so that nothing changes silently.
        const typed = matchKey(input.text);
        if (typed !== matchKey(province.fa) && typed !== matchKey(province.en)) notice = picked(province[ctx.locale]);
      }
      if (!code) return invalid('registration:errors.province.not_found');
      return proceed(ctx, hooks, 'province', { ...withoutTypedCity(form), province: code }, notice);
    },
  };
}

/** The city: the province's cities as buttons, or typed and matched (see city-answer.ts). */
export function cityStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => cityView(ctx, form, ui, 'registration:city.ask'),
    async handle(ctx, input, form) {
      const read = readCity(ctx, input, form, parseCity, (reason) => `registration:errors.city.${reason}`);
      if ('type' in read) return read;
      return proceed(ctx, hooks, 'city', { ...withoutTypedCity(form), city: read.city }, read.notice);
    },
  };
}
