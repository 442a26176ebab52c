import { InlineKeyboard } from 'grammy';
import type { Base } from '../../../domain/bases/base.ts';
import { BaseError } from '../../../domain/bases/base-error.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import type { FlowDefinition, StepOutcome } from '../../flows/flow-engine.ts';

export const JOIN_BASE_FLOW = 'base-join';

export interface JoinForm {
  province: string;
  city: string;
  /** The bases last found, as buttons (objects, not pairs: FerretDB stores no nested arrays). */
  found?: { id: string; name: string }[];
  /** True when the last search found nothing. */
  none?: boolean;
}

const JOIN = 'j:';

/** Joins the base and says so; a base closed meanwhile is explained instead. */
export async function joinAndTell(ctx: BotContext, services: BasesServices, baseId: string): Promise<void> {
  try {
    const base = await services.membership.join(ctx.user?.key ?? '', baseId);
    await ctx.reply(ctx.t('bases:member.joined', { name: base.name }), { reply_markup: await ctx.mainMenu() });
  } catch (error) {
    if (!(error instanceof BaseError)) throw error;
    await ctx.reply(ctx.t(error.key));
  }
}

const found = (form: JoinForm, bases: Base[]): StepOutcome<JoinForm> => ({
  type: 'stay',
  data: { ...form, found: bases.map(({ id, name }) => ({ id, name })), none: bases.length === 0 },
});

/** «پیدا کردن پایگاه»: a typed name (or neighbourhood) or a shared pin finds bases of the province; a tap joins one. */
export function joinBaseFlow(services: BasesServices): FlowDefinition<JoinForm> {
  return {
    name: JOIN_BASE_FLOW,
    first: 'find',
    cancelledKey: 'bases:member.cancelled',
    steps: {
      find: {
        back: false,
        view(ctx, form, ui) {
          const keyboard = new InlineKeyboard();
          for (const { id, name } of form.found ?? []) keyboard.text(name, ui.data(`${JOIN}${id}`)).row();
          const key = form.none ? 'none_found' : form.found?.length ? 'results' : 'find';
          return { text: ctx.t(`bases:member.${key}`), keyboard };
        },
        async handle(ctx, input, form) {
          if (input.kind === 'choice' && input.value.startsWith(JOIN)) {
            await joinAndTell(ctx, services, input.value.slice(JOIN.length));
            return { type: 'finish' };
          }
          if (input.kind === 'text') return found(form, await services.membership.search(form.province, input.text));
          if (input.kind === 'location') {
            const point = { lat: input.latitude, lon: input.longitude };
            return found(form, await services.membership.choicesFor({ ...form, point }));
          }
          return { type: 'invalid', key: 'bases:member.find' };
        },
      },
    },
  };
}
