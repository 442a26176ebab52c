import { Composer } from 'grammy';
import { parseBoardData } from '../../../domain/callups/callback-data.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import type { Board } from '../../../services/callups/board.service.ts';
import type { Coordination } from '../../../services/callups/coordination.service.ts';
import type { CallUpAccess } from '../../../services/callups/ports.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { attemptOf } from '../../filters/staff.filter.ts';
import { BOARD_ACTIONS, say } from './board-actions.ts';
import { messageFlow, updateFlow } from './board-flows.ts';

/**
 * The coordinator's buttons on a call-up's board: confirmed list, message them, extend, update, close, cancel, and
 * after the event the attendance sheet. The service checks who may act on every tap, and logs each refusal.
 */
export function createBoardFeature(coordination: Coordination, board: Board, access: CallUpAccess): Feature {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(/^cb:/, async (ctx) => {
    const parsed = parseBoardData(ctx.callbackQuery.data);
    if (!parsed || !ctx.user) {
      // Data no board ever carried: forged or garbled, and worth an entry in the audit log.
      await access.logRefusal(ctx.user?.key ?? 'unknown', attemptOf(ctx, 'callup.board'), 'forged');
      await ctx.answerCallbackQuery({ text: ctx.t('callup:errors.unknown'), show_alert: true });
      return;
    }
    try {
      const action = BOARD_ACTIONS[parsed.action];
      const { callUp, toast } = await action({ coordination, board }, ctx, parsed.callUpId, parsed.n);
      await ctx.answerCallbackQuery(toast ? { text: say(ctx, callUp, toast) } : {});
    } catch (error) {
      if (!(error instanceof CallUpError)) throw error;
      await ctx.answerCallbackQuery({ text: say(ctx, error, ctx.t(error.key)), show_alert: true });
    }
  });

  return {
    name: 'callup-board',
    composer,
    flows: [messageFlow(coordination), updateFlow(coordination)],
  };
}
