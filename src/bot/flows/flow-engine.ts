import { randomBytes } from 'node:crypto';
import { Composer, InlineKeyboard } from 'grammy';
import type { KeyboardButton, Message } from 'grammy/types';
import { normalizeInput } from '../../domain/text/persian-text.ts';
import type { BotContext } from '../context.ts';
import { replyOrEdit } from '../reply.ts';

/**
 * A multi-step flow (registration, call-up creation…) as an explicit state machine kept in the chat's session.
 * Chosen over the conversations plugin because flows need "back", jumps from a summary to any field, and stale-button
 * detection, and because state must survive restarts and code changes without replay logs.
 */
export interface FlowState {
  name: string;
  step: string;
  data: Record<string, unknown>;
  history: string[];
  /** Changes whenever a new step is asked; buttons carry it, so a button from an earlier step is recognised. */
  nonce: string;
  updatedAt: number;
}

export type StepInput =
  | { kind: 'text'; text: string; raw: string }
  | { kind: 'choice'; value: string }
  | { kind: 'contact'; phone: string; ownContact: boolean }
  | { kind: 'location'; latitude: number; longitude: number }
  /** A sticker, a photo, a voice message…: the step answers with its own hint. */
  | { kind: 'other' };

/** A line put before the next question, e.g. what a typed answer was taken to mean. */
export interface Notice {
  key: string;
  vars?: Record<string, unknown>;
}

export type StepOutcome<D> =
  /** Move on; the current step is remembered for "back" unless `remember` is false. */
  | { type: 'next'; step: string; data: D; remember?: boolean; notice?: Notice }
  /** Stay on this step and show it again, in place after a tap (e.g. a toggled multi-select). */
  | { type: 'stay'; data: D; notice?: Notice }
  /** The answer was not accepted: explain with this locale key and ask the same question again. */
  | { type: 'invalid'; key: string; vars?: Record<string, unknown> }
  /** The flow is over; the step has already replied. */
  | { type: 'finish' };

export interface StepView {
  text: string;
  keyboard?: InlineKeyboard;
  /** A message sent just before the question, for a text too long to read as one (the consent). */
  lead?: string;
  /**
   * Buttons for a reply keyboard (e.g. "share my number"). The question then carries that keyboard, with "back" and
   * "cancel" as its last row, instead of inline buttons: one message, since a message cannot carry both kinds.
   */
  replyButtons?: KeyboardButton[][];
}

export interface FlowStep<D> {
  /** Builds the question; `ui` makes buttons that carry the step's nonce. */
  view(ctx: BotContext, data: D, ui: FlowUi): StepView | Promise<StepView>;
  handle(ctx: BotContext, input: StepInput, data: D): StepOutcome<D> | Promise<StepOutcome<D>>;
  /**
   * True when what this step leads to has happened already (a call-up sent just before a crash, before the session
   * was saved): instead of asking again, the flow ends; the step has told the user.
   */
  settled?(ctx: BotContext, data: D): Promise<boolean>;
  /** Steps without "back" (the first one) set this to false. */
  back?: boolean;
}

export interface FlowDefinition<D> {
  name: string;
  first: string;
  steps: Record<string, FlowStep<D>>;
  /** Called after /cancel or the cancel button, to reply in the flow's own words. */
  cancelledKey?: string;
}

export class FlowUi {
  readonly nonce: string;
  readonly t: BotContext['t'];

  constructor(nonce: string, t: BotContext['t']) {
    this.nonce = nonce;
    this.t = t;
  }

  data(value: string): string {
    return `${FLOW_PREFIX}${this.nonce}:${value}`;
  }

  /** Appends the "back" and "cancel" row every question carries. */
  navigation(keyboard: InlineKeyboard, withBack: boolean): InlineKeyboard {
    // An empty row is never sent: Bale's clients are stricter about it than Telegram's.
    if (keyboard.inline_keyboard.at(-1)?.length) keyboard.row();
    if (withBack) keyboard.text(this.t('common:flow.back'), this.data(BACK));
    keyboard.text(this.t('common:flow.cancel'), this.data(CANCEL));
    return keyboard;
  }

  /** The same row for a reply keyboard: the labels come back as text, which the router reads as the buttons. */
  navigationRow(withBack: boolean): KeyboardButton[] {
    const row = [{ text: this.t('common:flow.cancel') }];
    return withBack ? [{ text: this.t('common:flow.back') }, ...row] : row;
  }
}

const FLOW_PREFIX = 'f:';
const BACK = '<';
const CANCEL = 'x';

// biome-ignore lint/suspicious/noExplicitAny: flows of different data shapes share one registry
type AnyFlow = FlowDefinition<any>;

export interface FlowControl {
  start(name: string, data?: Record<string, unknown>, step?: string): Promise<void>;
  cancel(): Promise<boolean>;
  /** Leaves the flow without a word: whoever ends it has replied. */
  end(): void;
  /** Shows the current question again (after /start or a restart). */
  resume(): Promise<boolean>;
  active(): FlowState | undefined;
}

function newNonce(): string {
  return randomBytes(3).toString('base64url');
}

/**
 * `controls` gives every update `ctx.flow` and must run first; `router` feeds answers to the active flow and runs
 * after the commands that work from anywhere (/cancel, /help, /start).
 */
export function createFlowEngine(flows: AnyFlow[]): { controls: Composer<BotContext>; router: Composer<BotContext> } {
  const registry = new Map(flows.map((flow) => [flow.name, flow]));
  const controls = new Composer<BotContext>();
  const router = new Composer<BotContext>();

  /** Shows the step's question; `notice` (why the last answer was not taken) leads the same message. */
  async function ask(ctx: BotContext, state: FlowState, inPlace: boolean, notice?: string): Promise<void> {
    const flow = registry.get(state.name);
    const step = flow?.steps[state.step];
    if (!flow || !step) {
      ctx.session.flow = undefined;
      return;
    }
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
  async function goBack(ctx: BotContext, state: FlowState): Promise<void> {
    const previous = state.history.at(-1);
    if (!previous) return;
    ctx.session.flow = {
      ...state,
      step: previous,
      history: state.history.slice(0, -1),
      nonce: newNonce(),
      updatedAt: Date.now(),
    };
    await ask(ctx, ctx.session.flow, false);
  }

  /** "back" or "cancel" when the text is the label of a reply keyboard's navigation button the step shows. */
  async function typedNavigation(ctx: BotContext, state: FlowState, input: StepInput) {
    if (input.kind !== 'text') return undefined;
    const which =
      input.raw === ctx.t('common:flow.back') ? BACK : input.raw === ctx.t('common:flow.cancel') ? CANCEL : '';
    if (!which) return undefined;
    const step = registry.get(state.name)?.steps[state.step];
    const view = step && (await step.view(ctx, state.data, new FlowUi(state.nonce, ctx.t)));
    return view?.replyButtons ? which : undefined;
  }

  async function apply(ctx: BotContext, state: FlowState, input: StepInput): Promise<void> {
    const flow = registry.get(state.name);
    const step = flow?.steps[state.step];
    if (!flow || !step) {
      ctx.session.flow = undefined;
      return;
    }
    const outcome = await step.handle(ctx, input, state.data);
    switch (outcome.type) {
      case 'invalid':
        await ask(ctx, state, false, ctx.t(outcome.key, outcome.vars));
        return;
      case 'stay':
        ctx.session.flow = { ...state, data: outcome.data, updatedAt: Date.now() };
        await ask(ctx, ctx.session.flow, input.kind === 'choice', noticeText(ctx, outcome.notice));
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
        await ask(ctx, ctx.session.flow, false, noticeText(ctx, outcome.notice));
        return;
      }
      case 'finish':
        ctx.session.flow = undefined;
        return;
    }
  }

  controls.use(async (ctx, next) => {
    const control: FlowControl = {
      async start(name, data = {}, stepOverride) {
        const flow = registry.get(name);
        if (!flow) throw new Error(`Unknown flow ${name}`);
        ctx.session.flow = {
          name,
          step: stepOverride ?? flow.first,
          data,
          history: [],
          nonce: newNonce(),
          updatedAt: Date.now(),
        };
        await ask(ctx, ctx.session.flow, false);
      },
      async cancel() {
        const state = ctx.session.flow;
        if (!state) return false;
        ctx.session.flow = undefined;
        const key = registry.get(state.name)?.cancelledKey ?? 'common:flow.cancelled';
        await ctx.reply(ctx.t(key), { reply_markup: { remove_keyboard: true } });
        return true;
      },
      end() {
        ctx.session.flow = undefined;
      },
      async resume() {
        const state = ctx.session.flow;
        if (!state || !registry.has(state.name)) return false;
        await ask(ctx, state, false);
        return true;
      },
      active: () => ctx.session.flow,
    };
    ctx.flow = control;
    await next();
  });

  router.callbackQuery(/^f:/, async (ctx) => {
    const data = ctx.callbackQuery.data;
    const [, nonce = '', ...rest] = data.split(':');
    const value = rest.join(':');
    const state = ctx.session.flow;
    if (!state || state.nonce !== nonce) {
      await ctx.answerCallbackQuery({ text: ctx.t('common:flow.stale_button'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (value === CANCEL) {
      await ctx.flow.cancel();
      return;
    }
    if (value === BACK) {
      await goBack(ctx, state);
      return;
    }
    await apply(ctx, state, { kind: 'choice', value });
  });

  router.on('message', async (ctx, next) => {
    const state = ctx.session.flow;
    if (!state) return next();
    const input = toStepInput(ctx.message, ctx.from.id);
    if (input.kind === 'text' && input.text.startsWith('/')) {
      await ask(ctx, state, false, ctx.t('common:flow.command_in_flow'));
      return;
    }
    const navigation = await typedNavigation(ctx, state, input);
    if (navigation === CANCEL) await ctx.flow.cancel();
    else if (navigation === BACK) await goBack(ctx, state);
    else await apply(ctx, state, input);
  });

  return { controls, router };
}

function noticeText(ctx: BotContext, notice: Notice | undefined): string | undefined {
  return notice && ctx.t(notice.key, notice.vars);
}

function toStepInput(message: Message, senderId: number): StepInput {
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
