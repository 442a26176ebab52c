import { InlineKeyboard } from 'grammy';
import { normalizeMobile } from '../../../domain/validation/mobile.ts';
import { parseName } from '../../../domain/volunteers/answers.ts';
import { formatMobile } from '../../display.ts';
import type { FlowStep, StepInput } from '../../flows/flow-engine.ts';
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
 * The number comes from the "share my number" button (only the sender's own contact counts, and is verified: a
 * forwarded card is someone else's) or typed in any digit style (unverified); it is stored as E.164. A typed number
 * someone else holds is refused; a shared one a person proved through another messenger asks "is this you?".
 */
export function mobileStep(hooks: StepHooks): Step {
  return {
    view: (ctx) => ({
      text: ctx.t('registration:mobile.ask'),
      replyButtons: [[{ text: ctx.t('registration:mobile.share'), request_contact: true }]],
    }),
    async handle(ctx, input, form) {
      const read = readMobile(input);
      if ('error' in read) return invalid(read.error);
      const { mobile, verified } = read;
      const check = await hooks.checkMobile(ctx, mobile, verified);
      if (check.kind === 'taken') return invalid('registration:errors.mobile.taken');
      // The share button's keyboard would otherwise stay open under every later question.
      const closeKeyboard = { reply_markup: { remove_keyboard: true } } as const;
      const answered = { ...form, mobile, mobileVerified: verified };
      if (check.kind === 'found' && form.purpose === 'register') {
        await ctx.reply(ctx.t('registration:mobile.saved', { mobile: formatMobile(ctx, mobile) }), closeKeyboard);
        return { type: 'next', step: 'link', data: { ...answered, found: check.person } };
      }
      const saved = verified ? 'registration:mobile.saved' : 'registration:mobile.saved_typed';
      await ctx.reply(ctx.t(saved, { mobile: formatMobile(ctx, mobile) }), closeKeyboard);
      return proceed(ctx, hooks, 'mobile', answered);
    },
  };
}

/** The number a message gives, and whether it is proved; or the error to show. */
function readMobile(input: StepInput): { mobile: string; verified: boolean } | { error: string } {
  if (input.kind === 'contact') {
    if (!input.ownContact) return { error: 'registration:errors.mobile.not_own' };
    const mobile = normalizeMobile(input.phone);
    return mobile ? { mobile, verified: true } : { error: 'registration:errors.mobile.not_iranian' };
  }
  if (input.kind !== 'text') return { error: 'registration:errors.mobile.wrong_kind' };
  if (input.text === '') return { error: 'registration:errors.mobile.empty' };
  const mobile = normalizeMobile(input.text);
  return mobile ? { mobile, verified: false } : { error: 'registration:errors.mobile.format' };
}
