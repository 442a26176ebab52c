import { InlineKeyboard } from 'grammy';
import { provinceName, specialtyName } from '../../../domain/volunteers/summary-card.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';

const YES = 'yes';
const NO = 'no';

/**
 * «این شما هستید؟»: the number this user proved belongs to a person who proved it through another messenger. Only
 * the name, specialty and province are shown. Yes links this account to them; no goes on with a registration of
 * its own, and the pair is flagged for an admin.
 */
export function linkStep(hooks: StepHooks): FlowStep<RegistrationForm> {
  return {
    back: false,
    view(ctx, form, ui) {
      const found = form.found;
      if (!found) return { text: ctx.t('registration:link.gone') };
      return {
        text: ctx.t('registration:link.ask', {
          name: found.name,
          specialty: specialtyName(found, ctx.locale),
          province: provinceName(found.province, ctx.locale),
        }),
        keyboard: new InlineKeyboard()
          .text(ctx.t('registration:link.yes'), ui.data(YES))
          .row()
          .text(ctx.t('registration:link.no'), ui.data(NO)),
      };
    },
    async handle(ctx, input, form): Promise<FormOutcome> {
      if (input.kind !== 'choice' || (input.value !== YES && input.value !== NO)) {
        return { type: 'invalid', key: 'registration:errors.link.use_buttons' };
      }
      const { found, ...rest } = form;
      if (input.value === YES && found && (await hooks.link(ctx, found.key))) {
        await ctx.reply(ctx.t('registration:link.done'), { reply_markup: await ctx.mainMenu() });
        return { type: 'finish' };
      }
      const gone = input.value === YES || !found;
      if (!gone) await hooks.declineLink(ctx, found.key);
      await ctx.reply(ctx.t(gone ? 'registration:link.gone' : 'registration:link.declined'));
      return proceed(ctx, hooks, 'link', rest);
    },
  };
}
