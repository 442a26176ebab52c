import { InlineKeyboard } from 'grammy';
import { normalizeMobile } from '../../../domain/validation/mobile.ts';
import { parseName } from '../../../domain/volunteers/answers.ts';
import { formatMobile } from '../../display.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { type FormOutcome, proceed, type StepHooks } from './navigation.ts';
import type { RegistrationForm } from './registration-form.ts';

type Step = FlowStep<RegistrationForm>;

const invalid = (key: string, vars?: Record<string, unknown>): FormOutcome => ({ type: 'invalid', key, vars });

/** What is stored, who sees it, how to delete it and how long the chat log is kept; no details before "I agree". */
export function consentStep(hooks: StepHooks): Step {
  return {
    back: false,
    view: (ctx, _form, ui) => ({
      lead: ctx.t('registration:consent.intro'),
      text: ctx.t('registration:consent.text', { days: hooks.messageLogDays }),
      keyboard: new InlineKeyboard()
        .text(ctx.t('registration:consent.agree'), ui.data('yes'))
        .row()
        .text(ctx.t('registration:consent.decline'), ui.data('no')),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'choice') return invalid('registration:errors.consent.use_buttons');
      if (input.value === 'no') {
        await ctx.reply(ctx.t('registration:consent.declined'), { reply_markup: await ctx.mainMenu() });
        return { type: 'finish' };
      }
      if (input.value !== 'yes') return invalid('registration:errors.consent.use_buttons');
      await hooks.consented(ctx);
      return proceed(ctx, hooks, 'consent', form);
    },
  };
}

export function nameStep(hooks: StepHooks): Step {
  return {
    view: (ctx, form) => ({
      text: form.purpose === 'edit' ? ctx.t('registration:name.ask_edit') : ctx.t('registration:name.ask'),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'text') return invalid('registration:errors.name.text_expected');
      const name = parseName(input.raw);
      if (!name.ok) return invalid(`registration:errors.name.${name.reason}`);
      return proceed(ctx, hooks, 'name', { ...form, name: name.value });
    },
  };
}

/**
 * The number comes from the "share my number" button (only the sender's own contact counts: a forwarded card is
 * someone else's) or typed in any digit style; it is stored as E.164.
 */
export function mobileStep(hooks: StepHooks): Step {
  return {
    view: (ctx) => ({
      text: ctx.t('registration:mobile.ask'),
      replyButtons: [[{ text: ctx.t('registration:mobile.share'), request_contact: true }]],
    }),
    async handle(ctx, input, form) {
      let mobile: string | null;
      if (input.kind === 'contact') {
        if (!input.ownContact) return invalid('registration:errors.mobile.not_own');
        mobile = normalizeMobile(input.phone);
        if (!mobile) return invalid('registration:errors.mobile.not_iranian');
      } else if (input.kind === 'text') {
        if (input.text === '') return invalid('registration:errors.mobile.empty');
        mobile = normalizeMobile(input.text);
        if (!mobile) return invalid('registration:errors.mobile.format');
      } else {
        return invalid('registration:errors.mobile.wrong_kind');
      }
      // The share button's keyboard would otherwise stay open under every later question.
      await ctx.reply(ctx.t('registration:mobile.saved', { mobile: formatMobile(ctx, mobile) }), {
        reply_markup: { remove_keyboard: true },
      });
      return proceed(ctx, hooks, 'mobile', { ...form, mobile });
    },
  };
}
