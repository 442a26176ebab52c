import { InlineKeyboard } from 'grammy';
import { REQUEST_NOTE_MAX_LENGTH } from '../../../domain/roles/coordinator.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import { asTyped } from '../../../domain/text/persian-text.ts';
import type { CoordinatorService } from '../../../services/roles/coordinator.service.ts';
import type { BotContext } from '../../context.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { type ProvinceSelection, provincesStep } from './province-keyboards.ts';

export const REQUEST_FLOW = 'coordinator-request';

interface RequestForm extends ProvinceSelection {
  note: string | null;
}

const SKIP = 'skip';
const SEND = 'send';

/** «درخواست هماهنگ‌کنندگی»: provinces, an optional note, then the request goes to every admin. */
export function requestFlow(coordinators: CoordinatorService): FlowDefinition<RequestForm> {
  const send = async (ctx: BotContext, data: RequestForm) => {
    const user = ctx.user!;
    try {
      await coordinators.request(
        { key: user.key, platform: user.platform, chatId: user.chatId, name: user.firstName },
        data.provinces,
        data.note,
      );
      await ctx.reply(ctx.t('coordinator:request.sent'), { reply_markup: await ctx.mainMenu() });
    } catch (error) {
      if (!(error instanceof RoleError)) throw error;
      await ctx.reply(ctx.t(error.key), { reply_markup: await ctx.mainMenu() });
    }
  };

  return {
    name: REQUEST_FLOW,
    first: 'provinces',
    cancelledKey: 'coordinator:request.cancelled',
    steps: {
      provinces: provincesStep<RequestForm>({
        promptKey: 'coordinator:request.provinces',
        onDone: async (_ctx, data) => ({ type: 'next', step: 'note', data }),
      }),
      note: {
        view: (ctx, _data, ui) => ({
          text: ctx.t('coordinator:request.note', { max: REQUEST_NOTE_MAX_LENGTH }),
          keyboard: new InlineKeyboard().text(ctx.t('coordinator:request.skip_note'), ui.data(SKIP)),
        }),
        handle(_ctx, input, data) {
          if (input.kind === 'choice' && input.value === SKIP)
            return { type: 'next', step: 'confirm', data: { ...data, note: null } };
          if (input.kind !== 'text' || input.text === '')
            return { type: 'invalid', key: 'coordinator:request.note_text' };
          if ([...input.text].length > REQUEST_NOTE_MAX_LENGTH) {
            return { type: 'invalid', key: 'coordinator:request.note_long', vars: { max: REQUEST_NOTE_MAX_LENGTH } };
          }
          return { type: 'next', step: 'confirm', data: { ...data, note: asTyped(input.raw) } };
        },
      },
      confirm: {
        view: (ctx, data, ui) => ({
          text: ctx.t('coordinator:request.confirm', {
            provinces: provinceNames(data.provinces, ctx.locale),
            note: data.note ?? '—',
          }),
          keyboard: new InlineKeyboard().text(ctx.t('coordinator:request.send'), ui.data(SEND)),
        }),
        async handle(ctx, input, data) {
          if (input.kind !== 'choice' || input.value !== SEND)
            return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          await send(ctx, data);
          return { type: 'finish' };
        },
      },
    },
  };
}
