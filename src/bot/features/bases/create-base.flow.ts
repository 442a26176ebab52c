import { InlineKeyboard } from 'grammy';
import { BASE_NAME_LENGTH, type BaseFields, NEIGHBOURHOOD_MAX_LENGTH } from '../../../domain/bases/base.ts';
import { BaseError } from '../../../domain/bases/base-error.ts';
import { BASE_KINDS } from '../../../domain/reference/base-kinds.ts';
import { matchCity } from '../../../domain/reference/cities.ts';
import { getProvince, PROVINCES } from '../../../domain/reference/provinces.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import { asTyped } from '../../../domain/text/persian-text.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition, FlowStep, StepOutcome } from '../../flows/flow-engine.ts';

export const CREATE_BASE_FLOW = 'base-create';

export type BaseForm = Partial<BaseFields>;

const SKIP = 'skip';
const USE_BUTTONS = { type: 'invalid', key: 'coordinator:provinces.use_buttons' } as const;

/** The provinces the actor may add a base in: a coordinator's own, every province for an admin. */
async function provincesFor(ctx: BotContext, services: BasesServices): Promise<string[]> {
  const actor = await actorFor(ctx, services.authorization);
  return actor.role === 'admin' ? PROVINCES.map((p) => p.code) : [...actor.provinces];
}

/** «پایگاه تازه»: province (when there is a choice), kind, name, city, neighbourhood, pin; then the base is stored. */
export function createBaseFlow(services: BasesServices): FlowDefinition<BaseForm> {
  const save = async (ctx: BotContext, form: BaseForm): Promise<StepOutcome<BaseForm>> => {
    const fields = { neighbourhood: null, pin: null, ...form } as BaseFields;
    try {
      const base = await services.bases.create(await actorFor(ctx, services.authorization), fields);
      await ctx.reply(ctx.t('bases:create.created', { name: base.name }));
    } catch (error) {
      if (!(error instanceof BaseError) && !(error instanceof RoleError)) throw error;
      await ctx.reply(ctx.t(error.key));
    }
    return { type: 'finish' };
  };

  return {
    name: CREATE_BASE_FLOW,
    first: 'province',
    cancelledKey: 'bases:create.cancelled',
    steps: {
      ...provinceAndKindSteps(services),
      name: nameStep,
      city: cityStep,
      neighbourhood: neighbourhoodStep,
      location: locationStep(save),
    },
  };
}

const provinceOf = (ctx: BotContext, data: BaseForm) =>
  getProvince(data.province ?? '') ? provinceNames([data.province ?? ''], ctx.locale) : '';

/** The province (among the actor's own) and the kind, both by buttons. */
function provinceAndKindSteps(services: BasesServices): Record<string, FlowStep<BaseForm>> {
  return {
    province: {
      back: false,
      async view(ctx, _data, ui) {
        const keyboard = new InlineKeyboard();
        (await provincesFor(ctx, services)).forEach((code, i) => {
          keyboard.text(provinceNames([code], ctx.locale), ui.data(code));
          if (i % 3 === 2) keyboard.row();
        });
        return { text: ctx.t('bases:create.province'), keyboard };
      },
      async handle(ctx, input, data) {
        const mine = await provincesFor(ctx, services);
        if (input.kind !== 'choice' || !mine.includes(input.value)) return USE_BUTTONS;
        return { type: 'next', step: 'kind', data: { ...data, province: input.value } };
      },
    },
    kind: {
      view(ctx, _data, ui) {
        const keyboard = new InlineKeyboard();
        for (const kind of BASE_KINDS) keyboard.text(kind[ctx.locale], ui.data(kind.code)).row();
        return { text: ctx.t('bases:create.kind'), keyboard };
      },
      handle(_ctx, input, data) {
        if (input.kind !== 'choice' || !BASE_KINDS.some((k) => k.code === input.value)) return USE_BUTTONS;
        return { type: 'next', step: 'name', data: { ...data, kind: input.value } };
      },
    },
  };
}

/** The base's name, typed. */
export const nameStep: FlowStep<BaseForm> = {
  view: (ctx) => ({ text: ctx.t('bases:create.name') }),
  handle(_ctx, input, data) {
    const length = input.kind === 'text' ? [...input.text].length : 0;
    if (input.kind !== 'text' || length < BASE_NAME_LENGTH.min || length > BASE_NAME_LENGTH.max) {
      return { type: 'invalid', key: 'bases:create.name_length', vars: BASE_NAME_LENGTH };
    }
    return { type: 'next', step: 'city', data: { ...data, name: asTyped(input.raw) } };
  },
};

/** The city, one listed in the province. */
const cityStep: FlowStep<BaseForm> = {
  view: (ctx, data) => ({ text: ctx.t('bases:create.city', { province: provinceOf(ctx, data) }) }),
  handle(ctx, input, data) {
    const match = input.kind === 'text' ? matchCity(data.province ?? '', input.text) : undefined;
    if (match?.kind !== 'listed') {
      return { type: 'invalid', key: 'bases:create.city_unknown', vars: { province: provinceOf(ctx, data) } };
    }
    return { type: 'next', step: 'neighbourhood', data: { ...data, city: match.city.fa } };
  },
};

/** The neighbourhood, or none. */
export const neighbourhoodStep: FlowStep<BaseForm> = {
  view: (ctx, _data, ui) => ({
    text: ctx.t('bases:create.neighbourhood'),
    keyboard: new InlineKeyboard().text(ctx.t('bases:create.no_neighbourhood'), ui.data(SKIP)),
  }),
  handle(_ctx, input, data) {
    if (input.kind === 'choice' && input.value === SKIP)
      return { type: 'next', step: 'location', data: { ...data, neighbourhood: null } };
    if (input.kind !== 'text' || [...input.text].length > NEIGHBOURHOOD_MAX_LENGTH) {
      return { type: 'invalid', key: 'bases:create.neighbourhood_long', vars: { max: NEIGHBOURHOOD_MAX_LENGTH } };
    }
    return { type: 'next', step: 'location', data: { ...data, neighbourhood: asTyped(input.raw) } };
  },
};

/** The pin, or none (the city's centre stands in); then `done` with it. */
export function locationStep<F extends BaseForm>(
  done: (ctx: BotContext, form: F) => Promise<StepOutcome<F>>,
): FlowStep<F> {
  return {
    view: (ctx, _data, ui) => ({
      text: ctx.t('bases:create.location'),
      keyboard: new InlineKeyboard().text(ctx.t('bases:create.no_location'), ui.data(SKIP)),
    }),
    handle(ctx, input, data) {
      if (input.kind === 'choice' && input.value === SKIP) return done(ctx, { ...data, pin: null });
      if (input.kind !== 'location') return { type: 'invalid', key: 'bases:create.location_text' };
      return done(ctx, { ...data, pin: { lat: input.latitude, lon: input.longitude } });
    },
  };
}
