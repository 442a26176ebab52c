import { InlineKeyboard } from 'grammy';
import type { BaseFields } from '../../../domain/bases/base.ts';
import { BaseError } from '../../../domain/bases/base-error.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition, FlowStep, StepOutcome } from '../../flows/flow-engine.ts';
import { baseCard } from './base-views.ts';
import { type BaseForm, locationStep, nameStep, neighbourhoodStep } from './create-base.flow.ts';

export const EDIT_BASE_FLOW = 'base-edit';

export type EditForm = BaseForm & { baseId?: string };

const FIELDS = ['name', 'neighbourhood', 'location'] as const;

/**
 * «ویرایش» on a base's card: which field, then the same question the new-base flow asks for it; the service checks
 * the change (and the actor's province) and audits it.
 */
export function editBaseFlow(services: BasesServices): FlowDefinition<EditForm> {
  const save = async (ctx: BotContext, form: EditForm): Promise<StepOutcome<EditForm>> => {
    const changes: Partial<BaseFields> = {};
    if (form.name !== undefined) changes.name = form.name;
    if (form.neighbourhood !== undefined) changes.neighbourhood = form.neighbourhood;
    if (form.pin !== undefined) changes.pin = form.pin;
    try {
      const actor = await actorFor(ctx, services.authorization);
      const base = await services.bases.edit(actor, form.baseId ?? '', changes);
      const { text, keyboard } = baseCard(ctx, base);
      await ctx.reply(`${ctx.t('bases:edit.saved')}\n\n${text}`, { reply_markup: keyboard });
    } catch (error) {
      if (!(error instanceof BaseError) && !(error instanceof RoleError)) throw error;
      await ctx.reply(ctx.t(error.key));
    }
    return { type: 'finish' };
  };
  /** A new-base question whose answer is saved at once instead of leading on. */
  const savedAfter = (step: FlowStep<BaseForm>): FlowStep<EditForm> => ({
    ...step,
    async handle(ctx, input, form) {
      const outcome = await step.handle(ctx, input, form);
      return outcome.type === 'next' ? save(ctx, outcome.data) : outcome;
    },
  });

  return {
    name: EDIT_BASE_FLOW,
    first: 'field',
    cancelledKey: 'bases:edit.cancelled',
    steps: {
      field: {
        back: false,
        view(ctx, _form, ui) {
          const keyboard = new InlineKeyboard();
          for (const field of FIELDS) keyboard.text(ctx.t(`bases:edit.fields.${field}`), ui.data(field)).row();
          return { text: ctx.t('bases:edit.which'), keyboard };
        },
        handle(_ctx, input, form) {
          const field = FIELDS.find((f) => input.kind === 'choice' && input.value === f);
          if (!field) return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          return { type: 'next', step: field, data: form };
        },
      },
      name: savedAfter(nameStep),
      neighbourhood: savedAfter(neighbourhoodStep),
      location: locationStep(save),
    },
  };
}
