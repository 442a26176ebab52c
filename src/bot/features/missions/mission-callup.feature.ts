import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { isolate } from '../../../domain/text/persian-text.ts';
import { MISSION_BOARD, MISSION_CARD, NEW_MISSION } from '../../../services/missions/mission-actions.ts';
import type { MissionCallUps, MissionDeps } from '../../../services/missions/mission-callups.service.ts';
import { missionShortlistCsv } from '../../../services/missions/mission-export.ts';
import type { MissionShortlist } from '../../../services/missions/mission-shortlist.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { refuse } from '../../filters/staff.filter.ts';
import { showMissionBoard, translateIn } from './mission-board.view.ts';
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

  const board = (prefix: string, act: (ctx: BotContext, id: string, key: string, arg: string) => Promise<boolean>) =>
    composer.callbackQuery(new RegExp(`^${prefix}([a-z0-9]{8})(?::(.+))?$`), async (ctx) => {
      await ctx.answerCallbackQuery();
      if (!ctx.user) return;
      const id = ctx.match[1] ?? '';
      const redraw = await act(ctx, id, ctx.user.key, ctx.match[2] ?? '');
      const view = redraw ? await shortlist.board(id, ctx.user.key) : undefined;
      if (view) await showMissionBoard(ctx, view, prefix !== MISSION_BOARD.next);
    });
  board(MISSION_BOARD.refresh, async () => true);
  board(MISSION_BOARD.toggle, async (_ctx, id, key, volunteer) =>
    shortlist.toggle(id, key, volunteer).then(() => true),
  );
  board(MISSION_BOARD.confirm, async (ctx, id, key) => {
    const sent = await shortlist.sendConfirmations(id, key);
    if (sent) await ctx.reply(ctx.t('missions:board.confirmed', sent));
    return true;
  });
  board(MISSION_BOARD.next, async (ctx, id, key, volunteer) => {
    const done = await shortlist.selectNext(id, key, volunteer);
    await ctx.reply(ctx.t(done ? 'missions:board.next_confirmed' : 'missions:answer.unchanged'));
    return done;
  });
  board(MISSION_BOARD.export, async (ctx, id, key) => {
    const file = await missionShortlistCsv(deps.exportDeps, shortlist, {
      missionId: id,
      coordinatorKey: key,
      locale: ctx.locale,
      t: translateIn(ctx),
    });
    if (file)
      await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
        caption: ctx.t('missions:export.caption', { count: file.rows }),
      });
    return false;
  });

  return { name: 'missions', composer, commands: [], flows: [createMissionFlow(missions, shortlist, deps.now)] };
}
