/** Which specialties the call-up needs (the type's usual ones pre-selected) and how many of each. */
import { InlineKeyboard } from 'grammy';
import { MAX_NEEDS } from '../../../domain/callups/callup.ts';
import { parseNeedCount } from '../../../domain/callups/draft-answers.ts';
import { getCrisisType } from '../../../domain/reference/crisis-types.ts';
import { getSpecialty, SPECIALTIES } from '../../../domain/reference/specialties.ts';
import { DONE, multiSelect, newRow, PAGE, pageCount, pageOf } from '../registration/keyboards.ts';
import { type CallUpForm, invalid, next, type Step } from './callup-form.ts';

const PER_PAGE = 10;
const QUICK_COUNTS = [1, 2, 3, 5, 10, 20];

/** The type's usual specialties first, then every other in the reference order. */
function ordered(form: CallUpForm) {
  const typical = getCrisisType(form.crisisType ?? '')?.typicalSpecialties ?? [];
  const first = typical.map((code) => getSpecialty(code)).filter((s) => s !== undefined);
  return [...first, ...SPECIALTIES.filter((s) => !typical.includes(s.code))];
}

export const specialtiesStep: Step = {
  view(ctx, form, ui) {
    const all = ordered(form);
    const pages = pageCount(all.length, PER_PAGE);
    const page = Math.min(Math.max(0, form.page ?? 0), pages - 1);
    const chosen = form.specialties ?? [];
    const keyboard = multiSelect(
      ui,
      all.slice(page * PER_PAGE, (page + 1) * PER_PAGE).map((s) => ({
        label: s[ctx.locale],
        value: `s:${s.code}`,
        selected: chosen.includes(s.code),
      })),
      2,
    );
    if (pages > 1) {
      newRow(keyboard);
      keyboard.text(ui.t('registration:keyboard.previous'), ui.data(`${PAGE}${(page - 1 + pages) % pages}`));
      keyboard.text(ui.t('registration:keyboard.page', { page: page + 1, pages }), ui.data(`${PAGE}${page}`));
      keyboard.text(ui.t('registration:keyboard.next'), ui.data(`${PAGE}${(page + 1) % pages}`));
    }
    const names = chosen.map((code) => getSpecialty(code)?.[ctx.locale] ?? code);
    return {
      text: ctx.t('callup:create.specialties', {
        chosen: names.length > 0 ? names.join(ctx.t('common:list_separator')) : ctx.t('callup:create.none_chosen'),
        max: MAX_NEEDS,
      }),
      keyboard,
    };
  },
  handle(_ctx, input, form) {
    if (input.kind !== 'choice') return invalid('callup:create.errors.use_buttons');
    const page = pageOf(input.value);
    if (page !== undefined) return { type: 'stay', data: { ...form, page } };
    const chosen = form.specialties ?? [];
    if (input.value === DONE) {
      if (chosen.length === 0) return invalid('callup:create.errors.pick_specialty');
      if (chosen.length > MAX_NEEDS) return invalid('callup:create.errors.too_many_specialties', { max: MAX_NEEDS });
      const { countIndex: _i, ...rest } = form;
      return next('count', { ...rest, counts: form.counts ?? {}, countIndex: 0 });
    }
    const code = input.value.slice(2);
    if (!getSpecialty(code)) return invalid('callup:create.errors.use_buttons');
    const specialties = chosen.includes(code) ? chosen.filter((c) => c !== code) : [...chosen, code];
    return { type: 'stay', data: { ...form, specialties } };
  },
};

/** One question per chosen specialty; "back" returns to the list rather than walking through each count. */
export const countStep: Step = {
  view(ctx, form, ui) {
    const specialty = form.specialties?.[form.countIndex ?? 0] ?? '';
    const keyboard = new InlineKeyboard();
    for (const n of QUICK_COUNTS) keyboard.text(ctx.t('callup:create.count_button', { n }), ui.data(`n:${n}`));
    return {
      text: ctx.t('callup:create.count', {
        specialty: getSpecialty(specialty)?.[ctx.locale] ?? specialty,
        index: (form.countIndex ?? 0) + 1,
        total: form.specialties?.length ?? 0,
      }),
      keyboard,
    };
  },
  handle(_ctx, input, form) {
    let count: number | undefined;
    if (input.kind === 'choice' && input.value.startsWith('n:')) count = Number(input.value.slice(2));
    else if (input.kind === 'text') {
      const parsed = parseNeedCount(input.text);
      if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars);
      count = parsed.value;
    }
    if (count === undefined || !Number.isInteger(count)) return invalid('callup:create.errors.use_buttons');
    const index = form.countIndex ?? 0;
    const specialty = form.specialties?.[index];
    if (!specialty) return next('start', form);
    const counts = { ...form.counts, [specialty]: count };
    if (index + 1 < (form.specialties?.length ?? 0)) {
      return { type: 'next', step: 'count', data: { ...form, counts, countIndex: index + 1 }, remember: false };
    }
    return next('start', { ...form, counts });
  },
};
