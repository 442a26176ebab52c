/** Two short flows from the coordinator's board: a message to everyone confirmed, and an update of one detail. */
import { InlineKeyboard } from 'grammy';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { parseContact, parseDescription, parseMeetingPoint } from '../../../domain/callups/draft-answers.ts';
import { asTyped } from '../../../domain/text/persian-text.ts';
import { withDrillBanner } from '../../../services/callups/callup-texts.ts';
import {
  type Coordination,
  UPDATABLE_FIELDS,
  type UpdatableField,
} from '../../../services/callups/coordination.service.ts';
import type { BotContext } from '../../context.ts';
import type { FlowDefinition, StepOutcome } from '../../flows/flow-engine.ts';

export const MESSAGE_FLOW = 'callup-message';
export const UPDATE_FLOW = 'callup-update';

interface BoardForm {
  callUpId: string;
  /** The call-up is a drill: every question and answer here says so. */
  drill?: boolean;
  field?: UpdatableField;
}

type Outcome = StepOutcome<BoardForm>;

const MESSAGE_MAX = 800;

const PARSERS: Record<UpdatableField, typeof parseMeetingPoint> = {
  meetingPoint: parseMeetingPoint,
  contact: parseContact,
  description: parseDescription,
};

const say = (ctx: BotContext, form: BoardForm, text: string) =>
  withDrillBanner(ctx.t, { drill: form.drill === true }, text);

/** Runs the service call; a refusal is said in words and ends the flow. */
async function finishWith(ctx: BotContext, form: BoardForm, action: () => Promise<string>): Promise<Outcome> {
  try {
    await ctx.reply(say(ctx, form, await action()));
  } catch (error) {
    if (!(error instanceof CallUpError)) throw error;
    await ctx.reply(say(ctx, form, ctx.t(error.key)));
  }
  return { type: 'finish' };
}

export function messageFlow(coordination: Coordination): FlowDefinition<BoardForm> {
  return {
    name: MESSAGE_FLOW,
    first: 'text',
    cancelledKey: 'callup:board.message_cancelled',
    steps: {
      text: {
        back: false,
        view: (ctx, form) => ({ text: say(ctx, form, ctx.t('callup:board.message_ask', { max: MESSAGE_MAX })) }),
        handle(ctx, input, form) {
          if (input.kind !== 'text' || input.text.length < 2) {
            return { type: 'invalid', key: 'callup:create.errors.text_please' };
          }
          if ([...input.text].length > MESSAGE_MAX) {
            return { type: 'invalid', key: 'callup:create.errors.too_long', vars: { max: MESSAGE_MAX } };
          }
          return finishWith(ctx, form, async () => {
            const text = asTyped(input.raw);
            const count = await coordination.messageConfirmed(ctx.user!.key, form.callUpId, text);
            return ctx.t('callup:board.message_queued', { count });
          });
        },
      },
    },
  };
}

export function updateFlow(coordination: Coordination): FlowDefinition<BoardForm> {
  return {
    name: UPDATE_FLOW,
    first: 'field',
    cancelledKey: 'callup:board.update_cancelled',
    steps: {
      field: {
        back: false,
        view(ctx, form, ui) {
          const keyboard = new InlineKeyboard();
          for (const field of UPDATABLE_FIELDS)
            keyboard.text(ctx.t(`callup:board.fields.${field}`), ui.data(field)).row();
          return { text: say(ctx, form, ctx.t('callup:board.update_which')), keyboard };
        },
        handle(_ctx, input, form) {
          const field = UPDATABLE_FIELDS.find((f) => input.kind === 'choice' && input.value === f);
          if (!field) return { type: 'invalid', key: 'callup:create.errors.use_buttons' };
          return { type: 'next', step: 'value', data: { ...form, field } };
        },
      },
      value: {
        view: (ctx, form) => ({
          text: say(ctx, form, ctx.t('callup:board.update_ask', { field: ctx.t(`callup:board.fields.${form.field}`) })),
        }),
        handle(ctx, input, form) {
          const field = form.field ?? 'meetingPoint';
          if (input.kind !== 'text') return { type: 'invalid', key: 'callup:create.errors.text_please' };
          const parsed = PARSERS[field](input.raw);
          if (!parsed.ok) return { type: 'invalid', key: `callup:create.errors.${parsed.reason}`, vars: parsed.vars };
          return finishWith(ctx, form, async () => {
            const count = await coordination.update(ctx.user!.key, form.callUpId, field, parsed.value);
            return ctx.t('callup:board.updated', { count });
          });
        },
      },
    },
  };
}
