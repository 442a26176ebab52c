import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { normalizeInput } from '../../domain/text/persian-text.ts';
import type { BotContext } from '../context.ts';
import { replyOrEdit } from '../reply.ts';
import type { FlowRegistry, FlowState, Notice, StepInput } from './flow-definition.ts';
import { BACK, CANCEL, FlowUi, newNonce } from './flow-ui.ts';

/** The step the flow is at; a flow or step that no longer exists (a release removed it) ends the flow. */
function currentStep(registry: FlowRegistry, ctx: BotContext, state: FlowState) {
  const step = registry.get(state.name)?.steps[state.step];
  if (!step) ctx.session.flow = undefined;
  return step;
}

/** Shows the step's question; `notice` (why the last answer was not taken) leads the same message. */
export async function ask(
  registry: FlowRegistry,
  ctx: BotContext,
  state: FlowState,
  inPlace: boolean,
  notice?: string,
): Promise<void> {
  const step = currentStep(registry, ctx, state);
  if (!step) return;
  if (step.settled && (await step.settled(ctx, state.data))) {
    ctx.session.flow = undefined;
    return;
  }
  const ui = new FlowUi(state.nonce, ctx.t);
  const view = await step.view(ctx, state.data, ui);
  const withBack = step.back !== false && state.history.length > 0;
  const text = notice ? `${notice}\n\n${view.text}` : view.text;
  // After an answer that was not taken, only the notice and the question: the lead is still on screen.
  if (view.lead && !notice && !inPlace) await ctx.reply(view.lead);
  if (view.replyButtons) {
    const keyboard = [...view.replyButtons, ui.navigationRow(withBack)];
    await ctx.reply(text, { reply_markup: { keyboard, resize_keyboard: true, one_time_keyboard: true } });
    return;
  }
  await replyOrEdit(ctx, text, ui.navigation(view.keyboard ?? new InlineKeyboard(), withBack), inPlace);
}

/** Asks the question before this one again, as the "back" button does. */
export async function goBack(registry: FlowRegistry, ctx: BotContext, state: FlowState): Promise<void> {
  const previous = state.history.at(-1);
  if (!previous) return;
  ctx.session.flow = {
    ...state,
    step: previous,
    history: state.history.slice(0, -1),
    nonce: newNonce(),
    updatedAt: Date.now(),
  };
  await ask(registry, ctx, ctx.session.flow, false);
}

/** "back" or "cancel" when the text is the label of a reply keyboard's navigation button the step shows. */
export async function typedNavigation(registry: FlowRegistry, ctx: BotContext, state: FlowState, input: StepInput) {
  if (input.kind !== 'text') return undefined;
  const which =
    input.raw === ctx.t('common:flow.back') ? BACK : input.raw === ctx.t('common:flow.cancel') ? CANCEL : '';
  if (!which) return undefined;
  const step = registry.get(state.name)?.steps[state.step];
  const view = step && (await step.view(ctx, state.data, new FlowUi(state.nonce, ctx.t)));
  return view?.replyButtons ? which : undefined;
}

/** Hands an answer to the current step and moves the flow as the step's outcome says. */
export async function apply(
  registry: FlowRegistry,
  ctx: BotContext,
  state: FlowState,
  input: StepInput,
): Promise<void> {
  const step = currentStep(registry, ctx, state);
  if (!step) return;
  const outcome = await step.handle(ctx, input, state.data);
  switch (outcome.type) {
    case 'invalid':
      await ask(registry, ctx, state, false, ctx.t(outcome.key, outcome.vars));
      return;
    case 'stay':
      ctx.session.flow = { ...state, data: outcome.data, updatedAt: Date.now() };
      await ask(registry, ctx, ctx.session.flow, input.kind === 'choice', noticeText(ctx, outcome.notice));
      return;
    case 'next': {
      const history = outcome.remember === false ? state.history : [...state.history, state.step];
      ctx.session.flow = {
        ...state,
        step: outcome.step,
        data: outcome.data,
        history,
        nonce: newNonce(),
        updatedAt: Date.now(),
      };
      await ask(registry, ctx, ctx.session.flow, false, noticeText(ctx, outcome.notice));
      return;
    }
    case 'finish':
      ctx.session.flow = undefined;
      return;
  }
}

function noticeText(ctx: BotContext, notice: Notice | undefined): string | undefined {
  return notice && ctx.t(notice.key, notice.vars);
}

/** What a message answers to a step: typed text (normalised), a contact, a location, or anything else. */
export function toStepInput(message: Message, senderId: number): StepInput {
  if (message.text !== undefined) return { kind: 'text', text: normalizeInput(message.text), raw: message.text };
  if (message.contact) {
    return {
      kind: 'contact',
      phone: message.contact.phone_number,
      ownContact: message.contact.user_id === senderId,
    };
  }
  if (message.location) {
    return { kind: 'location', latitude: message.location.latitude, longitude: message.location.longitude };
  }
  return { kind: 'other' };
}
