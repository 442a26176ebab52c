import type { InlineKeyboard } from 'grammy';
import type { KeyboardButton } from 'grammy/types';
import type { BotContext } from '../context.ts';
import type { FlowUi } from './flow-ui.ts';

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

// biome-ignore lint/suspicious/noExplicitAny: flows of different data shapes share one registry
export type AnyFlow = FlowDefinition<any>;

/** The flows a bot knows, by name. */
export type FlowRegistry = ReadonlyMap<string, AnyFlow>;

export interface FlowControl {
  start(name: string, data?: Record<string, unknown>, step?: string): Promise<void>;
  cancel(): Promise<boolean>;
  /** Leaves the flow without a word: whoever ends it has replied. */
  end(): void;
  /** Shows the current question again (after /start or a restart). */
  resume(): Promise<boolean>;
  active(): FlowState | undefined;
}
