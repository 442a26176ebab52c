import { parseJalaliDate } from '../../../domain/text/jalali-parse.ts';
import { createListMatcher, LIST_SEPARATOR, type ListOption } from '../../../domain/text/list-matcher.ts';
import { parseHours, parseNote } from '../../../domain/volunteers/answers.ts';
import {
  lastDayOf,
  NOTE_MAX_LENGTH,
  needsReach,
  REACH_OPTIONS,
  type Reach,
  SERVICE_MODES,
  TIME_WINDOWS,
  toggle,
  VALIDITY_CHOICES,
  type ValidityChoice,
  validUntilFor,
  validUntilFromLastDay,
  WEEKDAYS,
} from '../../../domain/volunteers/pledge.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { DONE, grid, multiSelect, newRow } from './keyboards.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';

type Step = FlowStep<RegistrationForm>;

const invalid = (key: string, vars?: Record<string, unknown>): FormOutcome => ({ type: 'invalid', key, vars });

const QUICK_HOURS = [4, 8, 16, 24, 40] as const;
const CRISIS_ONLY = 'crisis';
const ALL_DAYS = 'all';
const SKIP = 'skip';

/** Hours a month (1–200) from quick buttons or typed in any digits, or "only in crises". */
export function hoursStep(hooks: StepHooks): Step {
  return {
    view: (ctx, _form, ui) => {
      const keyboard = grid(
        ui,
        QUICK_HOURS.map((h) => ({ label: ctx.t('registration:hours.quick', { hours: h }), value: `h:${h}` })),
        5,
      );
      newRow(keyboard).text(ctx.t('registration:hours.crisis_only'), ui.data(CRISIS_ONLY));
      return { text: ctx.t('registration:hours.ask'), keyboard };
    },
    async handle(ctx, input, form) {
      if (input.kind === 'choice') {
        if (input.value === CRISIS_ONLY) return proceed(ctx, hooks, 'hours', { ...form, hoursPerMonth: null });
        const quick = Number(input.value.slice(2));
        if (!QUICK_HOURS.includes(quick as (typeof QUICK_HOURS)[number]))
          return invalid('registration:errors.hours.not_a_number');
        return proceed(ctx, hooks, 'hours', { ...form, hoursPerMonth: quick });
      }
      if (input.kind !== 'text') return invalid('registration:errors.hours.not_a_number');
      const hours = parseHours(input.raw);
      if (!hours.ok) return invalid(`registration:errors.hours.${hours.reason}`);
      return proceed(ctx, hooks, 'hours', { ...form, hoursPerMonth: hours.value });
    },
  };
}

/**
 * A multi-select step: each tap toggles one option and the same message is edited in place; "done" needs at least
 * one option. `all` (days only) selects or clears everything.
 */
function multiSelectStep<T extends string | number>(
  hooks: StepHooks,
  options: {
    step: string;
    field: 'days' | 'windows' | 'modes';
    values: readonly T[];
    columns: number;
    label: (value: T) => string;
    withAll?: boolean;
  },
): Step {
  const read = (form: RegistrationForm) => (form[options.field] ?? []) as unknown as readonly T[];
  return {
    view: (ctx, form, ui) => {
      const selected = read(form);
      const keyboard = multiSelect(
        ui,
        options.values.map((value) => ({
          label: ctx.t(options.label(value)),
          value: `t:${value}`,
          selected: selected.includes(value),
        })),
        options.columns,
      );
      if (options.withAll) {
        const all = selected.length === options.values.length;
        newRow(keyboard).text(ctx.t(all ? 'registration:days.none' : 'registration:days.all'), ui.data(ALL_DAYS));
      }
      return { text: ctx.t(`registration:${options.step}.ask`), keyboard };
    },
    async handle(ctx, input, form) {
      const selected = read(form);
      if (input.kind === 'text') {
        // A typed list («شنبه و دوشنبه») is the answer, as one tap on "done" after the taps would be: the next
        // question says what was taken, and «بازگشت» brings this one back with the choices ticked to change them.
        const choices = options.values.map((v) => ({ code: String(v), shown: [ctx.t(options.label(v))] }));
        const typed = matchEach(choices, input.text);
        if (!typed) return invalid(`registration:errors.${options.step}.use_buttons`);
        const values = options.values.filter((v) => typed.includes(String(v)) || selected.includes(v));
        const names = values.map((v) => ctx.t(options.label(v)));
        const notice = {
          key: 'registration:typed.selected',
          vars: { names: names.join(ctx.t('common:list_separator')) },
        };
        return proceed(ctx, hooks, options.step, { ...form, [options.field]: values }, notice);
      }
      if (input.kind !== 'choice') return invalid(`registration:errors.${options.step}.use_buttons`);
      if (input.value === DONE) {
        if (selected.length === 0) return invalid(`registration:errors.${options.step}.none_selected`);
        return proceed(ctx, hooks, options.step, form);
      }
      if (input.value === ALL_DAYS && options.withAll) {
        const all = selected.length === options.values.length ? [] : [...options.values];
        return { type: 'stay', data: { ...form, [options.field]: all } };
      }
      const value = options.values.find((v) => `t:${v}` === input.value);
      if (value === undefined) return invalid(`registration:errors.${options.step}.use_buttons`);
      return { type: 'stay', data: { ...form, [options.field]: toggle(selected, value, options.values) } };
    },
  };
}

/** Each part of a typed list («شنبه، دوشنبه و جمعه») matched to one option; undefined unless every part is clear. */
function matchEach(options: ListOption[], text: string): string[] | undefined {
  const match = createListMatcher(options);
  const codes: string[] = [];
  for (const part of text.split(LIST_SEPARATOR).filter((p) => p !== '')) {
    const found = match(part);
    if (found.kind !== 'one') return undefined;
    codes.push(found.code);
  }
  return codes.length > 0 ? codes : undefined;
}

export const daysStep = (hooks: StepHooks): Step =>
  multiSelectStep(hooks, {
    step: 'days',
    field: 'days',
    values: WEEKDAYS,
    columns: 4,
    label: (d) => `pledge:days.${d}`,
    withAll: true,
  });

export const windowsStep = (hooks: StepHooks): Step =>
  multiSelectStep(hooks, {
    step: 'windows',
    field: 'windows',
    values: TIME_WINDOWS,
    columns: 2,
    label: (w) => `pledge:windows.${w}`,
  });

export const modesStep = (hooks: StepHooks): Step =>
  multiSelectStep(hooks, {
    step: 'modes',
    field: 'modes',
    values: SERVICE_MODES,
    columns: 1,
    label: (m) => `pledge:modes.${m}`,
  });

/** How far a volunteer who travels (underserved areas, crises) will go. */
export function reachStep(hooks: StepHooks): Step {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('registration:reach.ask'),
      keyboard: grid(
        ui,
        REACH_OPTIONS.map((r) => ({ label: ctx.t(`pledge:reach.${r}`), value: `r:${r}` })),
        1,
      ),
    }),
    async handle(ctx, input, form) {
      const reach = input.kind === 'choice' ? REACH_OPTIONS.find((r) => `r:${r}` === input.value) : undefined;
      if (!reach) return invalid('registration:errors.reach.use_buttons');
      if (!needsReach(form.modes ?? [])) return proceed(ctx, hooks, 'reach', { ...form, reach: 'own' });
      return proceed(ctx, hooks, 'reach', { ...form, reach: reach as Reach });
    },
  };
}

/** A date to show as an example of what to type: the last day of a six-month pledge. */
const exampleLastDay = (now: Date): Date => lastDayOf(validUntilFor('6m', now) ?? now);

/** Until when the pledge stands: 3, 6 or 12 months, indefinitely, or a typed Jalali date (its last day). */
export function validUntilStep(hooks: StepHooks): Step {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('registration:valid_until.ask', { example: exampleLastDay(hooks.now()) }),
      keyboard: grid(
        ui,
        VALIDITY_CHOICES.map((c) => ({ label: ctx.t(`registration:valid_until.choice.${c}`), value: `v:${c}` })),
        2,
      ),
    }),
    async handle(ctx, input, form) {
      const now = hooks.now();
      const invalidDate = (reason: string) =>
        invalid(`registration:errors.valid_until.${reason}`, { example: exampleLastDay(now) });
      if (input.kind === 'choice') {
        const choice = VALIDITY_CHOICES.find((c) => `v:${c}` === input.value);
        if (!choice) return invalidDate('format');
        const until = validUntilFor(choice as ValidityChoice, now);
        return proceed(ctx, hooks, 'valid_until', { ...form, validUntil: until?.toISOString() ?? null });
      }
      if (input.kind !== 'text' || input.text === '') return invalidDate('format');
      const parsed = parseJalaliDate(input.text, now);
      if (!parsed.ok) return invalidDate(parsed.reason);
      const result = validUntilFromLastDay(parsed.date, now);
      if (!result.ok) return invalidDate(result.reason);
      return proceed(ctx, hooks, 'valid_until', { ...form, validUntil: result.validUntil.toISOString() });
    },
  };
}

/** An optional note for the coordinators (≤ 500 characters), or "no note". */
export function noteStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form, ui) => ({
      text: ctx.t('registration:note.ask'),
      keyboard: grid(
        ui,
        [{ label: ctx.t(form.note ? 'registration:note.remove' : 'registration:note.skip'), value: SKIP }],
        1,
      ),
    }),
    async handle(ctx, input, form) {
      if (input.kind === 'choice' && input.value === SKIP) return proceed(ctx, hooks, 'note', { ...form, note: null });
      if (input.kind !== 'text') return invalid('registration:errors.note.text_expected');
      const note = parseNote(input.raw);
      if (!note.ok) return invalid(`registration:errors.note.${note.reason}`, { max: NOTE_MAX_LENGTH });
      return proceed(ctx, hooks, 'note', { ...form, note: note.value });
    },
  };
}
