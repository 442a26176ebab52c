import { Composer } from 'grammy';
import { BaseError } from '../../../domain/bases/base-error.ts';
import { ROSTER_DATA, rosterPress } from '../../../domain/bases/roster.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { NO_BUTTONS, replyMarkupOf } from '../../../messaging/reply-markup.ts';
import type { RosterCards } from '../../../services/bases/roster-cards.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { refuse } from '../../filters/staff.filter.ts';
import { refusalText } from '../callups/card-actions.ts';

/**
 * A base leader answering a roster card for an offline member: one tap, checked by the service against the bases
 * the person leads; the card is redrawn with every member's answer so far.
 */
export function createRosterFeature(rosters: RosterCards): Feature {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(ROSTER_DATA, async (ctx) => {
    const [, code = '', callUpId = '', offlineId = ''] = ctx.match;
    const press = rosterPress(code);
    if (!press) return refuse(ctx, 'callup:errors.stale');
    try {
      const card = await rosters.relay(ctx.user?.key ?? '', callUpId, offlineId, press);
      await ctx.answerCallbackQuery(press.kind === 'ask_eta' ? {} : { text: ctx.t('bases:roster.saved') });
      await ctx.editMessageText(card.text, { reply_markup: replyMarkupOf(card) ?? NO_BUTTONS });
    } catch (error) {
      if (error instanceof BaseError) return refuse(ctx, error.key);
      if (!(error instanceof CallUpError)) throw error;
      await ctx.answerCallbackQuery({ text: refusalText(ctx, error), show_alert: true });
    }
  });
  return { name: 'base-rosters', composer };
}
