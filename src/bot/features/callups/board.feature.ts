import { Composer, InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { type BoardAction, boardData, parseBoardData } from '../../../domain/callups/callback-data.ts';
import type { CallUp } from '../../../domain/callups/callup.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import { NO_BUTTONS, replyMarkupOf } from '../../../messaging/reply-markup.ts';
import type { Board } from '../../../services/callups/board.service.ts';
import { specialtyName, withDrillBanner } from '../../../services/callups/callup-texts.ts';
import type { AttendanceRow, ConfirmedPerson, Coordination } from '../../../services/callups/coordination.service.ts';
import type { CallUpAccess } from '../../../services/callups/ports.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';
import type { Feature } from '../../feature.ts';
import { attemptOf } from '../../filters/staff.filter.ts';
import { MESSAGE_FLOW, messageFlow, UPDATE_FLOW, updateFlow } from './board-flows.ts';

/** A drill's every word says it is one. */
const say = (ctx: BotContext, about: Pick<CallUp, 'drill'>, text: string) => withDrillBanner(ctx.t, about, text);

/** A late arrival with no stated delay gets its own line rather than a "?" in place of the minutes. */
function personKey(p: Pick<ConfirmedPerson, 'answer' | 'etaMinutes'>): string {
  if (p.answer !== 'late') return 'callup:board.person';
  return p.etaMinutes === null ? 'callup:board.person_late_unknown' : 'callup:board.person_late';
}

/** Attendance buttons beyond this would not fit a message; the rest are marked in a later round. */
const ATTENDANCE_ROWS = 60;

function attendanceView(ctx: BotContext, callUpId: string, rows: AttendanceRow[], hours: number) {
  const keyboard = new InlineKeyboard();
  for (const row of rows.slice(0, ATTENDANCE_ROWS)) {
    const label = ctx.t(row.attended ? 'callup:attendance.came' : 'callup:attendance.not_marked', {
      name: row.name,
      specialty: specialtyName(row.specialty, ctx.locale),
    });
    keyboard.text(label, boardData(callUpId, 'attend', row.index)).row();
  }
  keyboard.text(ctx.t('callup:attendance.save'), boardData(callUpId, 'attend_save'));
  const marked = rows.filter((r) => r.attended).length;
  return { text: ctx.t('callup:attendance.title', { hours, marked, total: rows.length }), keyboard };
}

/**
 * The coordinator's buttons on a call-up's board: confirmed list, message them, extend, update, close, cancel, and
 * after the event the attendance sheet. The service checks who may act on every tap, and logs each refusal.
 */
export function createBoardFeature(coordination: Coordination, board: Board, access: CallUpAccess): Feature {
  const composer = new Composer<BotContext>();

  const editInPlace = async (ctx: BotContext, text: string, keyboard: InlineKeyboardMarkup) => {
    const message = ctx.callbackQuery?.message;
    if (message) await ctx.api.editMessageText(message.chat.id, message.message_id, text, { reply_markup: keyboard });
    else await ctx.reply(text, { reply_markup: keyboard });
  };

  /** What a handler did: the call-up it was about (to mark a drill's words) and the short answer to the tap. */
  type Done = { callUp: CallUp; toast?: string };
  const handlers: Record<BoardAction, (ctx: BotContext, id: string, n?: number) => Promise<Done>> = {
    async refresh(ctx, id) {
      const callUp = await coordination.get(ctx.user!.key, id, 'callup.refresh');
      const message = await board.render(callUp);
      await editInPlace(ctx, message.text, replyMarkupOf(message) ?? NO_BUTTONS);
      return { callUp, toast: ctx.t('callup:toast.refreshed') };
    },
    async list(ctx, id) {
      const { callUp, people, waiting } = await coordination.confirmed(ctx.user!.key, id);
      const lines = people.map((p, i) =>
        ctx.t(personKey(p), {
          n: i + 1,
          name: isolate(p.name),
          specialty: specialtyName(p.specialty, ctx.locale),
          mobile: p.mobile === null ? ctx.t('callup:board.mobile_hidden') : formatMobile(ctx, p.mobile),
          minutes: p.etaMinutes,
        }),
      );
      const head = ctx.t('callup:board.list_title', { count: people.length, waiting });
      await ctx.reply(
        say(ctx, callUp, people.length === 0 ? ctx.t('callup:board.list_empty') : `${head}\n${lines.join('\n')}`),
      );
      return { callUp };
    },
    async message(ctx, id) {
      const callUp = await coordination.get(ctx.user!.key, id, 'callup.message');
      await ctx.flow.start(MESSAGE_FLOW, { callUpId: id, drill: callUp.drill });
      return { callUp };
    },
    async update(ctx, id) {
      const callUp = await coordination.get(ctx.user!.key, id, 'callup.update');
      await ctx.flow.start(UPDATE_FLOW, { callUpId: id, drill: callUp.drill });
      return { callUp };
    },
    async extend(ctx, id) {
      const { callUp, provinces, invited } = await coordination.extend(ctx.user!.key, id);
      await ctx.reply(say(ctx, callUp, ctx.t('callup:board.extended_notice', { count: provinces.length, invited })));
      return { callUp, toast: ctx.t('callup:toast.done') };
    },
    async close(ctx, id) {
      const callUp = await coordination.close(ctx.user!.key, id);
      await ctx.reply(say(ctx, callUp, ctx.t('callup:board.closed_notice')));
      return { callUp, toast: ctx.t('callup:toast.done') };
    },
    async cancel(ctx, id) {
      const callUp = await coordination.get(ctx.user!.key, id, 'callup.cancel');
      await ctx.reply(say(ctx, callUp, ctx.t('callup:board.cancel_confirm')), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('callup:board.cancel_yes'), boardData(id, 'cancel_yes'))
          .row()
          .text(ctx.t('callup:board.cancel_no'), boardData(id, 'refresh')),
      });
      return { callUp };
    },
    async cancel_yes(ctx, id) {
      const { callUp, told } = await coordination.cancel(ctx.user!.key, id);
      await editInPlace(
        ctx,
        say(ctx, callUp, ctx.t('callup:board.cancelled_notice', { count: told })),
        new InlineKeyboard(),
      );
      return { callUp, toast: ctx.t('callup:toast.done') };
    },
    async attend(ctx, id, n) {
      if (n !== undefined) await coordination.toggleAttendance(ctx.user!.key, id, n);
      const { callUp, rows } = await coordination.attendance(ctx.user!.key, id);
      const view = attendanceView(ctx, id, rows, callUp.durationHours);
      const text = say(ctx, callUp, view.text);
      if (n === undefined) await ctx.reply(text, { reply_markup: view.keyboard });
      else await editInPlace(ctx, text, view.keyboard);
      return { callUp };
    },
    async attend_save(ctx, id) {
      const { credited, hours } = await coordination.saveAttendance(ctx.user!.key, id);
      const { callUp, rows } = await coordination.attendance(ctx.user!.key, id);
      await editInPlace(
        ctx,
        say(
          ctx,
          callUp,
          ctx.t('callup:attendance.saved', { credited, hours, total: rows.filter((r) => r.credited).length }),
        ),
        new InlineKeyboard().text(ctx.t('callup:attendance.again'), boardData(id, 'attend')),
      );
      return { callUp, toast: ctx.t('callup:toast.done') };
    },
  };

  composer.callbackQuery(/^cb:/, async (ctx) => {
    const parsed = parseBoardData(ctx.callbackQuery.data);
    if (!parsed || !ctx.user) {
      // Data no board ever carried: forged or garbled, and worth an entry in the audit log.
      await access.logRefusal(ctx.user?.key ?? 'unknown', attemptOf(ctx, 'callup.board'), 'forged');
      await ctx.answerCallbackQuery({ text: ctx.t('callup:errors.unknown'), show_alert: true });
      return;
    }
    try {
      const { callUp, toast } = await handlers[parsed.action](ctx, parsed.callUpId, parsed.n);
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
