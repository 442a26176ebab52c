import { Composer, InlineKeyboard } from 'grammy';
import { isolate } from '../../../domain/text/persian-text.ts';
import { MISSION_BOARD, MISSION_CARD, NEW_MISSION } from '../../../services/missions/mission-actions.ts';
import type { MissionCallUps, MissionDeps } from '../../../services/missions/mission-callups.service.ts';
import type { MissionShortlist } from '../../../services/missions/mission-shortlist.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { refuse } from '../../filters/staff.filter.ts';
import { addMissionBoardHandlers } from './mission-board.handlers.ts';
import { CREATE_MISSION_FLOW, createMissionFlow } from './mission-create.flow.ts';

export interface MissionCallUpDeps {
  missions: MissionCallUps;
  shortlist: MissionShortlist;
  exportDeps: Pick<MissionDeps, 'pledges' | 'volunteers'>;
  now: () => Date;
}

const cardReplies = {
  shortlisted: 'missions:answer.shortlisted',
  declined: 'missions:answer.declined',
  withdrawn: 'missions:answer.withdrawn',
  unchanged: 'missions:answer.unchanged',
  closed: 'missions:answer.closed',
  not_invited: 'missions:answer.not_invited',
} as const;

/** Missions: the wizard, the volunteers' answers on their cards, and the coordinator's board of the shortlist. */
export function createMissionCallUpFeature(deps: MissionCallUpDeps): Feature {
  const { missions, shortlist } = deps;
  const composer = new Composer<BotContext>();
  const isCoordinator = async (ctx: BotContext) => {
    const provinces = ctx.user ? await missions.provincesFor(ctx.user.key) : [];
    return provinces === null || provinces.length > 0;
  };

  const start = async (ctx: BotContext) => {
    if (!(await isCoordinator(ctx))) return refuse(ctx, 'callup:errors.forbidden');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.flow.start(CREATE_MISSION_FLOW);
  };
  composer.command('mission', start);
  composer.callbackQuery(NEW_MISSION, start);

  composer.command('missions', async (ctx) => {
    if (!ctx.user || !(await isCoordinator(ctx))) return refuse(ctx, 'callup:errors.forbidden');
    const mine = await missions.listMine(ctx.user.key);
    if (mine.length === 0) return void (await ctx.reply(ctx.t('missions:board.none')));
    const keyboard = new InlineKeyboard();
    for (const m of mine) keyboard.text(isolate(m.title), `${MISSION_BOARD.refresh}${m.id}`).row();
    await ctx.reply(ctx.t('missions:board.list'), { reply_markup: keyboard });
  });

  const card = (action: 'volunteer' | 'decline' | 'withdraw') =>
    composer.callbackQuery(new RegExp(`^${MISSION_CARD[action]}([a-z0-9]{8})$`), async (ctx) => {
      await ctx.answerCallbackQuery();
      if (!ctx.user) return;
      const id = ctx.match[1] ?? '';
      const result =
        action === 'withdraw'
          ? await shortlist.withdraw(id, ctx.user.key)
          : await shortlist.answer(id, ctx.user.key, action);
      await ctx.reply(ctx.t(cardReplies[result]));
    });
  card('volunteer');
  card('decline');
  card('withdraw');

  addMissionBoardHandlers(composer, deps);

  return { name: 'missions', composer, commands: [], flows: [createMissionFlow(missions, shortlist, deps.now)] };
}
