import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../../context.ts';
import type { ProfileFeatureDeps } from './profile.feature.ts';
import { PROFILE } from './profile-view.ts';

/** A confirmation of "delete my data" is honoured for this long after the first question. */
const ERASE_CONFIRMATION_SECONDS = 600;

/** «حذف اطلاعات من» from the profile card. */
export function eraseMyData(deps: ProfileFeatureDeps): Composer<BotContext> {
  const { now } = deps;
  const composer = new Composer<BotContext>();

  // Delete my data: two confirmations, each only valid for a few minutes, then everything about the chat goes.
  composer.callbackQuery(PROFILE.erase, async (ctx) => {
    await ctx.answerCallbackQuery();
    const askedAt = Math.floor(now().getTime() / 1000).toString(36);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('pledge:erase.continue'), `${PROFILE.eraseStep}2:${askedAt}`)
      .row()
      .text(ctx.t('pledge:keep'), PROFILE.keep);
    await ctx.reply(ctx.t('pledge:erase.confirm_1'), { reply_markup: keyboard });
  });

  composer.callbackQuery(new RegExp(`^${PROFILE.eraseStep}([23]):([0-9a-z]+)$`), async (ctx) => {
    const askedAt = Number.parseInt(ctx.match[2] ?? '', 36) * 1000;
    if (!(now().getTime() - askedAt <= ERASE_CONFIRMATION_SECONDS * 1000)) {
      await ctx.answerCallbackQuery({ text: ctx.t('pledge:erase.expired'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === '2') {
      const keyboard = new InlineKeyboard()
        .text(ctx.t('pledge:erase.final'), `${PROFILE.eraseStep}3:${ctx.match[2]}`)
        .row()
        .text(ctx.t('pledge:keep'), PROFILE.keep);
      await ctx.reply(ctx.t('pledge:erase.confirm_2'), { reply_markup: keyboard });
      return;
    }
    if (!ctx.user || !ctx.chat) return;
    const { key: userKey, personKey } = ctx.user;
    const subject = { userKey, personKey, platform: ctx.platform, chatId: String(ctx.chat.id) };
    await deps.erasure.eraseAll(subject);
    deps.registered.forget(ctx);
    await ctx.reply(ctx.t('pledge:erase.done'), { reply_markup: { remove_keyboard: true } });
    // The goodbye itself was logged; and the session must be deleted, not written back, when the update ends
    // (grammY deletes a session that is null at the end of the update; its type does not say so).
    await deps.erasure.eraseMessageLog(subject);
    (ctx as { session: unknown }).session = null;
  });

  return composer;
}
