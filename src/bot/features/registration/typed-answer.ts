/**
 * How a flow answers a typed reply to a list (registration, a new call-up): says what it was taken to mean, or shows
 * the few it fits.
 */
import type { InlineKeyboard } from 'grammy';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { BotContext } from '../../context.ts';
import type { FlowUi, Notice, StepOutcome } from '../../flows/flow-engine.ts';
import { newRow } from './keyboards.ts';

/** A flow's answers with a paged list: the page shown, and the options a typed answer fitted. */
interface ListForm {
  page?: number;
  choices?: string[];
}

/** Callback value of the "whole list" button. */
export const SHOW_ALL = 'all';

/** What a typed answer was taken to mean, said before the next question so that nothing changes silently. */
export function picked(name: string | undefined): Notice {
  return { key: 'registration:typed.picked', vars: { name: isolate(name ?? '') } };
}

/** Several options fit what was typed: show just those, as buttons, with a way back to the whole list. */
export function severalFit<F extends ListForm>(form: F, codes: string[], typed: string): StepOutcome<F> {
  const { page: _page, ...rest } = form;
  return {
    type: 'stay',
    data: { ...rest, choices: codes } as F,
    notice: { key: 'registration:typed.several', vars: { typed: isolate(typed) } },
  };
}

export function withoutChoices<F extends ListForm>(form: F): F {
  const { choices: _c, page: _p, ...rest } = form;
  return rest as F;
}

/** Adds the "whole list" button under the few options a typed answer fitted. */
export function withShowAll(ctx: BotContext, ui: FlowUi, keyboard: InlineKeyboard, form: ListForm): InlineKeyboard {
  if (!form.choices) return keyboard;
  return newRow(keyboard).text(ctx.t('registration:typed.show_all'), ui.data(SHOW_ALL));
}
