import { InlineKeyboard } from 'grammy';
import { getSpecialty } from '../../../domain/reference/specialties.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import { MISSION_BOARD } from '../../../services/missions/mission-actions.ts';
import type { MissionBoardView } from '../../../services/missions/mission-shortlist.service.ts';
import { destinationText } from '../../../services/missions/mission-texts.ts';
import type { BotContext } from '../../context.ts';
import { replyOrEdit } from '../../reply.ts';

/** The bot's translator in the shape the mission texts take (they also render for other readers). */
export const translateIn = (ctx: BotContext) => (_locale: string, key: string, vars?: Record<string, unknown>) =>
  ctx.t(key, vars);

/** The coordinator's board of one mission: the shortlist in order, a tap selects or unselects, then "confirm". */
export async function showMissionBoard(ctx: BotContext, view: MissionBoardView, inPlace: boolean): Promise<void> {
  const { mission } = view;
  const open = mission.confirmationsSentAt === null;
  const lines = view.shortlist.map((entry, i) =>
    ctx.t('missions:board.line', {
      n: i + 1,
      name: isolate(entry.name),
      specialty: getSpecialty(entry.specialty)?.[ctx.locale] ?? entry.specialty,
      state: ctx.t(`missions:board.state.${entry.state}`),
    }),
  );
  const text = ctx.t('missions:board.text', {
    title: isolate(mission.title),
    destination: destinationText(translateIn(ctx), ctx.locale, mission.destination),
    from: mission.requirements.startsOn,
    to: mission.requirements.endsOn,
    invited: view.invited,
    listed: view.shortlist.length,
    declined: view.declined,
    lines: lines.length > 0 ? lines.join('\n') : ctx.t('missions:board.empty'),
  });
  const keyboard = new InlineKeyboard();
  if (open) {
    for (const entry of view.shortlist) {
      const key = entry.state === 'selected' ? 'missions:board.selected' : 'missions:board.select';
      keyboard.text(ctx.t(key, { name: entry.name }), `${MISSION_BOARD.toggle}${mission.id}:${entry.key}`).row();
    }
    const selected = view.shortlist.filter((e) => e.state === 'selected').length;
    if (selected > 0)
      keyboard
        .text(ctx.t('missions:board.confirm', { count: selected }), `${MISSION_BOARD.confirm}${mission.id}`)
        .row();
  }
  keyboard.text(ctx.t('missions:board.export'), `${MISSION_BOARD.export}${mission.id}`);
  keyboard.text(ctx.t('missions:board.refresh'), `${MISSION_BOARD.refresh}${mission.id}`);
  await replyOrEdit(ctx, text, keyboard, inPlace);
}
