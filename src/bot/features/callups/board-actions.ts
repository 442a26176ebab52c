/** What each button on a coordinator's call-up board does. */
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { type BoardAction, boardData } from '../../../domain/callups/callback-data.ts';
import type { CallUp } from '../../../domain/callups/callup.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import { NO_BUTTONS, replyMarkupOf } from '../../../messaging/reply-markup.ts';
import type { Board } from '../../../services/callups/board.service.ts';
import { specialtyName, withDrillBanner } from '../../../services/callups/callup-texts.ts';
import type { AttendanceRow, ConfirmedPerson, Coordination } from '../../../services/callups/coordination.service.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';
import { MESSAGE_FLOW, UPDATE_FLOW } from './board-flows.ts';

/** A drill's every word says it is one. */
export const say = (ctx: BotContext, about: Pick<CallUp, 'drill'>, text: string) => withDrillBanner(ctx.t, about, text);

/** A late arrival with no stated delay gets its own line rather than a "?" in place of the minutes. */
function personKey(p: Pick<ConfirmedPerson, 'answer' | 'etaMinutes'>): string {
  if (p.answer !== 'late') return 'callup:board.person';
  return p.etaMinutes === null ? 'callup:board.person_late_unknown' : 'callup:board.person_late';
}

/** An offline member's answer came from their base's leader: every list of people says so. */
function relayedMark(ctx: BotContext, p: { relayedBy?: string }): string {
  return p.relayedBy === undefined ? '' : ctx.t('callup:board.person_relayed', { base: isolate(p.relayedBy) });
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
    keyboard.text(label + relayedMark(ctx, row), boardData(callUpId, 'attend', row.index)).row();
  }
  keyboard.text(ctx.t('callup:attendance.save'), boardData(callUpId, 'attend_save'));
  const marked = rows.filter((r) => r.attended).length;
  return { text: ctx.t('callup:attendance.title', { hours, marked, total: rows.length }), keyboard };
}

/** What the board's buttons act through. */
interface BoardServices {
  coordination: Coordination;
  board: Board;
}

/** What a handler did: the call-up it was about (to mark a drill's words) and the short answer to the tap. */
interface BoardActionDone {
  callUp: CallUp;
  toast?: string;
}

type BoardActionHandler = (
  services: BoardServices,
  ctx: BotContext,
  id: string,
  n?: number,
) => Promise<BoardActionDone>;

/** Edits the tapped message (or sends a new one when there is none to edit). */
async function editInPlace(ctx: BotContext, text: string, keyboard: InlineKeyboardMarkup) {
  const message = ctx.callbackQuery?.message;
  if (message) await ctx.api.editMessageText(message.chat.id, message.message_id, text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}

/** One handler per button of the board: confirmed list, message them, extend, update, close, cancel, attendance. */
export const BOARD_ACTIONS: Record<BoardAction, BoardActionHandler> = {
  async refresh({ coordination, board }, ctx, id) {
    const callUp = await coordination.get(ctx.user!.key, id, 'callup.refresh');
    const message = await board.render(callUp);
    await editInPlace(ctx, message.text, replyMarkupOf(message) ?? NO_BUTTONS);
    return { callUp, toast: ctx.t('callup:toast.refreshed') };
  },
  async list({ coordination }, ctx, id) {
    const { callUp, people, waiting } = await coordination.confirmed(ctx.user!.key, id);
    const lines = people.map(
      (p, i) =>
        ctx.t(personKey(p), {
          n: i + 1,
          name: isolate(p.name),
          specialty: specialtyName(p.specialty, ctx.locale),
          mobile: p.mobile === null ? ctx.t('callup:board.mobile_hidden') : formatMobile(ctx, p.mobile),
          minutes: p.etaMinutes,
        }) +
        (p.distanceBand
          ? ctx.t('callup:board.person_distance', { band: ctx.t(`common:distance.band.${p.distanceBand}`) })
          : '') +
        relayedMark(ctx, p),
    );
    const head = ctx.t('callup:board.list_title', { count: people.length, waiting });
    await ctx.reply(
      say(ctx, callUp, people.length === 0 ? ctx.t('callup:board.list_empty') : `${head}\n${lines.join('\n')}`),
    );
    return { callUp };
  },
  async message({ coordination }, ctx, id) {
    const callUp = await coordination.get(ctx.user!.key, id, 'callup.message');
    await ctx.flow.start(MESSAGE_FLOW, { callUpId: id, drill: callUp.drill });
    return { callUp };
  },
  async update({ coordination }, ctx, id) {
    const callUp = await coordination.get(ctx.user!.key, id, 'callup.update');
    await ctx.flow.start(UPDATE_FLOW, { callUpId: id, drill: callUp.drill });
    return { callUp };
  },
  async extend({ coordination }, ctx, id) {
    const { callUp, provinces, invited } = await coordination.extend(ctx.user!.key, id);
    await ctx.reply(say(ctx, callUp, ctx.t('callup:board.extended_notice', { count: provinces.length, invited })));
    return { callUp, toast: ctx.t('callup:toast.done') };
  },
  async close({ coordination }, ctx, id) {
    const callUp = await coordination.close(ctx.user!.key, id);
    await ctx.reply(say(ctx, callUp, ctx.t('callup:board.closed_notice')));
    return { callUp, toast: ctx.t('callup:toast.done') };
  },
  async cancel({ coordination }, ctx, id) {
    const callUp = await coordination.get(ctx.user!.key, id, 'callup.cancel');
    await ctx.reply(say(ctx, callUp, ctx.t('callup:board.cancel_confirm')), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('callup:board.cancel_yes'), boardData(id, 'cancel_yes'))
        .row()
        .text(ctx.t('callup:board.cancel_no'), boardData(id, 'refresh')),
    });
    return { callUp };
  },
  async cancel_yes({ coordination }, ctx, id) {
    const { callUp, told } = await coordination.cancel(ctx.user!.key, id);
    await editInPlace(
      ctx,
      say(ctx, callUp, ctx.t('callup:board.cancelled_notice', { count: told })),
      new InlineKeyboard(),
    );
    return { callUp, toast: ctx.t('callup:toast.done') };
  },
  async attend({ coordination }, ctx, id, n) {
    if (n !== undefined) await coordination.toggleAttendance(ctx.user!.key, id, n);
    const { callUp, rows } = await coordination.attendance(ctx.user!.key, id);
    const view = attendanceView(ctx, id, rows, callUp.durationHours);
    const text = say(ctx, callUp, view.text);
    if (n === undefined) await ctx.reply(text, { reply_markup: view.keyboard });
    else await editInPlace(ctx, text, view.keyboard);
    return { callUp };
  },
  async attend_save({ coordination }, ctx, id) {
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
