import { type Composer, InputFile } from 'grammy';
import { MISSION_BOARD } from '../../../services/missions/mission-actions.ts';
import { missionShortlistCsv } from '../../../services/missions/mission-export.ts';
import type { BotContext } from '../../context.ts';
import { showMissionBoard, translateIn } from './mission-board.view.ts';
import type { MissionCallUpDeps } from './mission-callup.feature.ts';

/** What a board button does; true when the board should be drawn again afterwards. */
type BoardAction = (ctx: BotContext, missionId: string, coordinatorKey: string, arg: string) => Promise<boolean>;

/**
 * The coordinator's board buttons, `mb:<action>:<mission id>[:<volunteer key>]`: refresh, select or unselect, send
 * the confirmations, confirm the next after a withdrawal, export the shortlist. The services check the mission is
 * the person's own.
 */
export function addMissionBoardHandlers(composer: Composer<BotContext>, deps: MissionCallUpDeps): void {
  const { shortlist } = deps;
  const board = (prefix: string, act: BoardAction) =>
    composer.callbackQuery(new RegExp(`^${prefix}([a-z0-9]{8})(?::(.+))?$`), async (ctx) => {
      await ctx.answerCallbackQuery();
      if (!ctx.user) return;
      const id = ctx.match[1] ?? '';
      const redraw = await act(ctx, id, ctx.user.key, ctx.match[2] ?? '');
      const view = redraw ? await shortlist.board(id, ctx.user.key) : undefined;
      // A notice of withdrawal is its own message: the board is drawn below it rather than over it.
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
    const request = { missionId: id, coordinatorKey: key, locale: ctx.locale, t: translateIn(ctx) };
    const file = await missionShortlistCsv(deps.exportDeps, shortlist, request);
    if (file)
      await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
        caption: ctx.t('missions:export.caption', { count: file.rows }),
      });
    return false;
  });
}
