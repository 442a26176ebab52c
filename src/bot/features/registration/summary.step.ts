import { InlineKeyboard } from 'grammy';
import { type CardField, cardFields, summaryCard } from '../../../domain/volunteers/summary-card.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep, FlowUi } from '../../flows/flow-engine.ts';
import { renderMissionForm } from '../missions/mission-card.ts';
import { MISSIONS_STEP } from '../missions/mission-steps.ts';
import { renderCard } from './card-view.ts';
import { newRow } from './keyboards.ts';
import type { StepHooks } from './navigation.ts';
import { formAnswers, isCardField, type RegistrationForm, STEP_OF_FIELD } from './registration-form.ts';

const CONFIRM = 'confirm';
const EDIT = 'e:';

/** "✏️ name" buttons, two to a row, for every field on the card. */
export function editButtons(
  ctx: BotContext,
  fields: readonly CardField[],
  data: (field: CardField) => string,
  keyboard = new InlineKeyboard(),
): InlineKeyboard {
  fields.forEach((field, i) => {
    if (i > 0 && i % 2 === 0) keyboard.row();
    keyboard.text(ctx.t('pledge:card.edit', { field: ctx.t(`pledge:card.fields.${field}`) }), data(field));
  });
  return keyboard;
}

/** The summary card with an edit button per field, then "confirm". */
export function summaryStep(hooks: StepHooks): FlowStep<RegistrationForm> {
  return {
    view(ctx, form, ui: FlowUi) {
      const answers = formAnswers(form);
      if (!answers) return { text: ctx.t('registration:summary.incomplete') };
      const keyboard = editButtons(ctx, cardFields(answers), (field) => ui.data(`${EDIT}${field}`));
      newRow(keyboard).text(ctx.t('missions:card.edit'), ui.data(`${EDIT}${MISSIONS_STEP}`));
      newRow(keyboard).text(ctx.t('registration:summary.confirm'), ui.data(CONFIRM));
      const card = `${renderCard(ctx, summaryCard(answers, ctx.locale))}\n\n${renderMissionForm(ctx, form.missions)}`;
      return { text: ctx.t('registration:summary.text', { card }), keyboard };
    },
    async handle(ctx, input, form) {
      if (input.kind !== 'choice') return { type: 'invalid', key: 'registration:errors.summary.use_buttons' };
      if (input.value === CONFIRM) {
        if (!formAnswers(form)) return { type: 'next', step: 'name', data: form };
        return hooks.confirm(ctx, form);
      }
      const field = input.value.startsWith(EDIT) ? input.value.slice(EDIT.length) : '';
      if (field === MISSIONS_STEP) return { type: 'next', step: MISSIONS_STEP, data: { ...form, returnTo: 'summary' } };
      if (!isCardField(field)) return { type: 'invalid', key: 'registration:errors.summary.use_buttons' };
      return { type: 'next', step: STEP_OF_FIELD[field], data: { ...form, returnTo: 'summary' } };
    },
  };
}
