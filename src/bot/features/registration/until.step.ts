import { InlineKeyboard } from 'grammy';
import { parseJalaliDate } from '../../../domain/text/jalali-parse.ts';
import { UNTIL_CHOICES, type UntilChoice, untilFor, untilFromDay } from '../../../domain/volunteers/pledge.ts';
import type { BotContext } from '../../context.ts';
import type { FlowDefinition, StepOutcome } from '../../flows/flow-engine.ts';
import { grid } from './keyboards.ts';

const CLEAR = 'none';

/** The flow data of "until when": nothing is collected before the answer. */
export type UntilForm = Record<string, never>;

/**
 * A one-question flow "until when?" (pause the pledge, not available): quick choices or a typed Jalali date, the day
 * the volunteer is back. `apply` stores it and replies.
 */
export function untilFlow(options: {
  name: string;
  /** Locale namespace and prefix of the question, e.g. `pledge:pause`. */
  keys: string;
  now: () => Date;
  /** Offers a first button meaning "no end date" (e.g. "I am available now"), which applies `null`. */
  clearLabelKey?: string;
  /** Values for the question, e.g. the current state. */
  describe?: (ctx: BotContext) => Promise<Record<string, unknown>>;
  apply: (ctx: BotContext, until: Date | null) => Promise<void>;
}): FlowDefinition<UntilForm> {
  // The example of a typed date is a month ahead, so it is always a valid answer.
  const example = () => untilFor('1m', options.now());
  const invalid = (reason: string): StepOutcome<UntilForm> => ({
    type: 'invalid',
    key: `pledge:errors.until.${reason}`,
    vars: { example: example() },
  });
  return {
    name: options.name,
    first: 'until',
    cancelledKey: `${options.keys}.cancelled`,
    steps: {
      until: {
        back: false,
        async view(ctx, _data, ui) {
          const keyboard = new InlineKeyboard();
          if (options.clearLabelKey) keyboard.text(ctx.t(options.clearLabelKey), ui.data(CLEAR));
          const choices = UNTIL_CHOICES.map((c) => ({ label: ctx.t(`pledge:until.${c}`), value: `u:${c}` }));
          const vars = { ...(await options.describe?.(ctx)), example: example() };
          return { text: ctx.t(`${options.keys}.ask`, vars), keyboard: grid(ui, choices, 3, keyboard) };
        },
        async handle(ctx, input) {
          const now = options.now();
          let until: Date | null;
          if (input.kind === 'choice' && input.value === CLEAR && options.clearLabelKey) {
            until = null;
          } else if (input.kind === 'choice') {
            const choice = UNTIL_CHOICES.find((c) => `u:${c}` === input.value);
            if (!choice) return invalid('format');
            until = untilFor(choice as UntilChoice, now);
          } else if (input.kind === 'text' && input.text !== '') {
            const parsed = parseJalaliDate(input.text, now);
            if (!parsed.ok) return invalid(parsed.reason);
            const result = untilFromDay(parsed.date, now);
            if (!result.ok) return invalid(result.reason);
            until = result.until;
          } else {
            return invalid('format');
          }
          await options.apply(ctx, until);
          return { type: 'finish' };
        },
      },
    },
  };
}
