import { Composer, InlineKeyboard } from 'grammy';
import { boardData, SEND_PREFIX } from '../../../domain/callups/callback-data.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { QueuedReplies } from '../../../messaging/send-through-outbox.ts';
import type { CallUpServices } from '../../../services/callups/callup-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { attemptOf, refuse } from '../../filters/staff.filter.ts';
import { createAnswerFeature } from './answer.feature.ts';
import { createBoardFeature } from './board.feature.ts';
import { CREATE_CALLUP_FLOW, createCallUpFlow } from './create-callup.flow.ts';
import { sendCallUpHandler } from './send-callup.ts';

const coordinators = new WeakMap<BotContext, Promise<boolean>>();

/** The one coordinator check of the call-up features, asked once per update (menu entries ask too). */
export function isCallUpCoordinator(ctx: BotContext, services: CallUpServices): Promise<boolean> {
  let decision = coordinators.get(ctx);
  if (!decision) {
    decision = ctx.user ? services.creation.mayCoordinate(ctx.user.key) : Promise.resolve(false);
    coordinators.set(ctx, decision);
  }
  return decision;
}

/** A new call-up (menu entry and /callup) and the list of running ones (/callups), for coordinators only. */
function createCallUpCoordinatorFeature(services: CallUpServices, now: () => Date): Feature {
  const composer = new Composer<BotContext>();
  /** Lets coordinators through; anyone else is told politely, and the attempt goes to the audit log. */
  const allowed = async (ctx: BotContext, name: string) => {
    if (ctx.user && (await isCallUpCoordinator(ctx, services))) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      return true;
    }
    await services.access.logRefusal(ctx.user?.key ?? 'unknown', attemptOf(ctx, name), 'forbidden');
    await refuse(ctx, 'callup:errors.forbidden');
    return false;
  };
  const start = async (ctx: BotContext) => {
    if (await allowed(ctx, 'callup')) await ctx.flow.start(CREATE_CALLUP_FLOW);
  };
  composer.command('callup', start);
  composer.callbackQuery('menu:callup_new', start);
  const send = sendCallUpHandler(services.creation);
  composer.callbackQuery(new RegExp(`^${SEND_PREFIX}`), async (ctx) => {
    if (await allowed(ctx, 'callup')) await send(ctx);
  });

  const list = async (ctx: BotContext) => {
    if (!(await allowed(ctx, 'callups'))) return;
    const mine = await services.coordination.listMine(ctx.user!.key);
    if (mine.length === 0) {
      await ctx.reply(ctx.t('callup:list.empty'));
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const callUp of mine.slice(0, 10)) {
      keyboard.text(
        ctx.t('callup:list.item', {
          title: isolate(callUp.title),
          status: ctx.t(`callup:board.status.${callUp.status}`),
        }),
        boardData(callUp.id, 'refresh'),
      );
      keyboard.row();
    }
    await ctx.reply(ctx.t('callup:list.title'), { reply_markup: keyboard });
  };
  composer.command('callups', list);
  composer.callbackQuery('menu:callups', list);

  const visible = (ctx: BotContext) => isCallUpCoordinator(ctx, services);
  return {
    name: 'callups',
    composer,
    menu: [
      { id: 'callup_new', labelKey: 'callup:menu.new', visible },
      { id: 'callups', labelKey: 'callup:menu.list', visible },
    ],
    flows: [createCallUpFlow(services.creation, now)],
  };
}

/**
 * Everything call-ups add to the bot, in order: answering a card first (a bare «۱» after a card is an answer, not
 * something for the features below), then the coordinator's creation flow and board.
 */
export function createCallUpFeatures(services: CallUpServices, replies: QueuedReplies, now: () => Date): Feature[] {
  return [
    createAnswerFeature(services.answers, replies),
    createCallUpCoordinatorFeature(services, now),
    createBoardFeature(services.coordination, services.board, services.access),
  ];
}
