/**
 * The city question, shared by registration and a new call-up: the province's cities as buttons (the capital
 * first), and a typed name matched against them (matchCity). A listed name is taken; a close one is offered beside
 * what was typed; a name on no list is taken only after one more tap, since the list is not complete.
 */
import { citiesOf, cityAt, matchCity } from '../../../domain/reference/cities.ts';
import { getProvince } from '../../../domain/reference/provinces.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { BotContext } from '../../context.ts';
import type { FlowUi, Notice, StepInput, StepOutcome } from '../../flows/flow-engine.ts';
import { grid, pagedGrid, pageOf } from './keyboards.ts';
import { picked } from './typed-answer.ts';

/** The answers a city question reads and writes. */
export interface CityForm {
  province?: string;
  page?: number;
  /** Indexes (in the province's list) of the cities close to what was typed. */
  choices?: string[];
  /** A typed name not on the list, waiting for the tap that keeps it. */
  cityTyped?: string;
  /** The province whose list has a city of that very name. */
  cityElsewhere?: string;
}

const CITIES_PER_PAGE = 12;
const KEEP = 'keep';

export function withoutTypedCity<F extends CityForm>(form: F): F {
  const { choices: _c, page: _p, cityTyped: _t, cityElsewhere: _e, ...rest } = form;
  return rest as F;
}

/** The question (`ask`: its locale key, given the province), or the confirmation of a name not on the list. */
export function cityView(ctx: BotContext, form: CityForm, ui: FlowUi, ask: string) {
  const province = form.province ?? '';
  const provinceName = getProvince(province)?.[ctx.locale] ?? '';
  const cities = citiesOf(province).map((c, i) => ({ label: c[ctx.locale], value: `c:${i}` }));
  if (form.cityTyped === undefined) {
    const keyboard = pagedGrid(ui, cities, { page: form.page, perPage: CITIES_PER_PAGE, columns: 3 });
    return { text: ctx.t(ask, { province: provinceName }), keyboard };
  }
  const typed = isolate(form.cityTyped);
  const close = cities.filter((c) => form.choices?.includes(c.value.slice(2)));
  const lines = [
    ctx.t(close.length > 0 ? 'registration:typed.city_close' : 'registration:typed.city_unlisted', {
      typed,
      province: provinceName,
    }),
  ];
  const elsewhere = getProvince(form.cityElsewhere ?? '');
  if (elsewhere) lines.push(ctx.t('registration:typed.city_elsewhere', { province: elsewhere[ctx.locale] }));
  const keyboard = grid(ui, [...close, { label: ctx.t('registration:typed.city_keep', { typed }), value: KEEP }], 1);
  return { text: lines.join('\n'), keyboard };
}

/** What a city answer comes to: the name to store, or the outcome that keeps the question open. */
export type CityRead<F> = { city: string; listed: boolean; notice?: Notice } | StepOutcome<F>;

/**
 * Reads a tap or a typed name. `parse` checks a typed name; `errorKey` gives the locale key of a reason (the parser's,
 * `use_buttons` or `text_expected`). A listed city is stored by its Persian name, one on no list as typed.
 */
export function readCity<F extends CityForm>(
  ctx: BotContext,
  input: StepInput,
  form: F,
  parse: (raw: string) => { ok: true; value: string } | { ok: false; reason: string; vars?: object },
  errorKey: (reason: string) => string,
): CityRead<F> {
  const province = form.province ?? '';
  if (input.kind === 'choice') {
    const page = pageOf(input.value);
    if (page !== undefined) return { type: 'stay', data: { ...form, page } };
    if (input.value === KEEP && form.cityTyped !== undefined) return { city: form.cityTyped, listed: false };
    const city = input.value.startsWith('c:') ? cityAt(province, Number(input.value.slice(2))) : undefined;
    if (city) return { city: city.fa, listed: true };
    return { type: 'invalid', key: errorKey('use_buttons') };
  }
  if (input.kind !== 'text') return { type: 'invalid', key: errorKey('text_expected') };
  const parsed = parse(input.raw);
  if (!parsed.ok) return { type: 'invalid', key: errorKey(parsed.reason), vars: { ...parsed.vars } };
  const match = matchCity(province, parsed.value);
  const rest = withoutTypedCity(form);
  switch (match.kind) {
    case 'listed':
      return { city: match.city.fa, listed: true, notice: match.exact ? undefined : picked(match.city[ctx.locale]) };
    case 'close':
      return { type: 'stay', data: { ...rest, cityTyped: parsed.value, choices: match.indexes.map(String) } };
    case 'unlisted':
      // Keys are left out rather than set to undefined, which the session store would keep as null.
      return {
        type: 'stay',
        data: { ...rest, cityTyped: parsed.value, ...(match.elsewhere ? { cityElsewhere: match.elsewhere } : {}) },
      };
  }
}
