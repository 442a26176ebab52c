import { findProvince, getProvince, PROVINCES, suggestProvinces } from '../../../domain/reference/provinces.ts';
import { parseCity } from '../../../domain/volunteers/answers.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { pagedGrid, pageOf } from './keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';

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
    view: (ctx, form, ui) => ({
      text: ctx.t('registration:province.ask'),
      keyboard: pagedGrid(
        ui,
        sortedProvinces(ctx).map((p) => ({ label: p[ctx.locale], value: `v:${p.code}` })),
        { page: form.page, perPage: PROVINCES_PER_PAGE, columns: 3 },
      ),
    }),
    async handle(ctx, input, form) {
      let code: string | undefined;
      if (input.kind === 'choice') {
        const page = pageOf(input.value);
        if (page !== undefined) return { type: 'stay', data: { ...form, page } };
        code = getProvince(input.value.slice(2))?.code;
      } else if (input.kind === 'text') {
        if (input.text === '') return invalid('registration:errors.province.empty');
        code = findProvince(input.text)?.code;
        if (!code) {
          const suggestions = suggestProvinces(input.text);
          if (suggestions.length === 0) return invalid('registration:errors.province.not_found');
          const names = suggestions.map((p) => p[ctx.locale]).join(ctx.t('common:list_separator'));
          return invalid('registration:errors.province.did_you_mean', { names });
        }
      }
      if (!code) return invalid('registration:errors.province.not_found');
      return proceed(ctx, hooks, 'province', { ...form, province: code });
    },
  };
}

export function cityStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form) => ({
      text: ctx.t('registration:city.ask', { province: getProvince(form.province ?? '')?.[ctx.locale] ?? '' }),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'text') return invalid('registration:errors.city.text_expected');
      const city = parseCity(input.raw);
      if (!city.ok) return invalid(`registration:errors.city.${city.reason}`);
      return proceed(ctx, hooks, 'city', { ...form, city: city.value });
    },
  };
}
