import { Composer, InlineKeyboard } from 'grammy';
import { baseKindName } from '../../../domain/reference/base-kinds.ts';
import { cityName } from '../../../domain/reference/cities.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { JOIN_BASE_FLOW, joinAndTell, joinBaseFlow } from './join-base.flow.ts';
import { MEMBER } from './member-buttons.ts';

/**
 * A volunteer and their base: the offer right after registration (the bases of their city, or the nearest to a pin),
 * «پایگاه من» from the profile, finding and joining a base, leaving it.
 */
export function createMemberFeature(services: BasesServices) {
  const { membership, volunteers } = services;
  const composer = new Composer<BotContext>();
  const whereabouts = async (ctx: BotContext) => {
    const volunteer = ctx.user ? await volunteers.get(ctx.user.key) : undefined;
    return volunteer ? { province: volunteer.province, city: volunteer.city } : undefined;
  };

  /** The bases to choose from, then "find" and "not now"; nothing when the province has no base yet. */
  const offer = async (ctx: BotContext, textKey: string): Promise<void> => {
    const where = await whereabouts(ctx);
    const choices = where ? await membership.choicesFor(where) : [];
    if (choices.length === 0) {
      if (textKey !== 'bases:member.offer') await ctx.reply(ctx.t('bases:member.no_bases'));
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const base of choices) keyboard.text(base.name, `${MEMBER.join}${base.id}`).row();
    keyboard.text(ctx.t('bases:member.find_button'), MEMBER.find).text(ctx.t('bases:member.skip_button'), MEMBER.skip);
    await ctx.reply(ctx.t(textKey), { reply_markup: keyboard });
  };

  composer.callbackQuery(MEMBER.mine, async (ctx) => {
    await ctx.answerCallbackQuery();
    const base = ctx.user ? await membership.baseOf(ctx.user.key) : undefined;
    if (!base) return offer(ctx, 'bases:member.none_mine');
    const text = ctx.t('bases:member.mine', {
      name: base.name,
      kind: baseKindName(base.kind, ctx.locale),
      city: cityName(base.province, base.city, ctx.locale),
    });
    const keyboard = new InlineKeyboard()
      .text(ctx.t('bases:member.leave_button'), MEMBER.leave)
      .text(ctx.t('bases:member.find_button'), MEMBER.find);
    await ctx.reply(text, { reply_markup: keyboard });
  });
  composer.callbackQuery(/^bj:join:([\w-]+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (await whereabouts(ctx)) await joinAndTell(ctx, services, ctx.match[1] ?? '');
    else await ctx.reply(ctx.t('bases:member.not_registered'));
  });
  composer.callbackQuery(MEMBER.find, async (ctx) => {
    await ctx.answerCallbackQuery();
    const where = await whereabouts(ctx);
    if (where) await ctx.flow.start(JOIN_BASE_FLOW, { ...where });
    else await ctx.reply(ctx.t('bases:member.not_registered'));
  });
  composer.callbackQuery(MEMBER.skip, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('bases:member.skipped'), { reply_markup: await ctx.mainMenu() });
  });
  composer.callbackQuery(MEMBER.leave, async (ctx) => {
    await ctx.answerCallbackQuery();
    const base = ctx.user ? await membership.baseOf(ctx.user.key) : undefined;
    if (base && ctx.user && (await membership.leave(ctx.user.key))) {
      await ctx.reply(ctx.t('bases:member.left', { name: base.name }));
    } else await ctx.reply(ctx.t('bases:member.none_mine'));
  });

  const feature: Feature = { name: 'base-member', composer, flows: [joinBaseFlow(services)] };
  /** Called once registration is confirmed: the offer to join a base, skippable. */
  const afterRegistered = (ctx: BotContext) => offer(ctx, 'bases:member.offer');
  return { feature, afterRegistered };
}
