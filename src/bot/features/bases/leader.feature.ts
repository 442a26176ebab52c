import { Composer, InlineKeyboard } from 'grammy';
import { BaseError } from '../../../domain/bases/base-error.ts';
import { leaderTokenFromPayload } from '../../../domain/bases/base-people.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { refuse } from '../../filters/staff.filter.ts';
import type { StartPayloadHandler } from '../start.feature.ts';
import { LEADER, membersView } from './leader-views.ts';
import { OFFLINE_MEMBER_FLOW, offlineMemberFlow } from './offline-member.flow.ts';

/**
 * The base leader's side: opening a leader link (`/start bl_…`), «پایگاه من (مسئول)» in the main menu, the members
 * of each base they lead, and adding offline members. Every base id in a button is checked against the person's
 * own bases, so a leader of one base sees nothing of another.
 */
export function createLeaderFeature(services: BasesServices): { feature: Feature; invites: StartPayloadHandler } {
  const { leaders } = services;
  const composer = new Composer<BotContext>();
  const led = async (ctx: BotContext) => (ctx.user ? leaders.basesLedBy(ctx.user.key) : []);

  const showMembers = async (ctx: BotContext, baseId: string) => {
    try {
      const { text, keyboard } = membersView(ctx, await leaders.members(ctx.user?.key ?? '', baseId));
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await ctx.reply(text, { reply_markup: keyboard });
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      await refuse(ctx, error.key);
    }
  };

  composer.callbackQuery(LEADER.menu, async (ctx) => {
    const bases = await led(ctx);
    if (bases.length === 1 && bases[0]) return showMembers(ctx, bases[0].id);
    await ctx.answerCallbackQuery();
    const keyboard = new InlineKeyboard();
    for (const base of bases) keyboard.text(base.name, `${LEADER.show}${base.id}`).row();
    await ctx.reply(ctx.t('bases:leader.pick'), { reply_markup: keyboard });
  });
  composer.callbackQuery(/^bl:show:([\w-]+)$/, (ctx) => showMembers(ctx, ctx.match[1] ?? ''));
  composer.callbackQuery(/^bl:add:([\w-]+)$/, async (ctx) => {
    const baseId = ctx.match[1] ?? '';
    try {
      await leaders.ledBase(ctx.user?.key ?? '', baseId, 'base.add_offline');
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      return refuse(ctx, error.key);
    }
    await ctx.answerCallbackQuery();
    await ctx.flow.start(OFFLINE_MEMBER_FLOW, { baseId });
  });

  const invites: StartPayloadHandler = async (ctx, payload) => {
    const token = leaderTokenFromPayload(payload);
    if (!token || !ctx.user) return false;
    try {
      const base = await leaders.redeemLeaderInvite(ctx.user, token);
      await ctx.reply(ctx.t('bases:leader.welcome', { name: base.name }), { reply_markup: await ctx.mainMenu() });
    } catch (error) {
      if (!(error instanceof RoleError) && !(error instanceof BaseError)) throw error;
      await services.authorization.logRefusal(ctx.user.key, 'base.leader_invite', error.code);
      await ctx.reply(ctx.t(error.key));
    }
    return true;
  };

  return {
    feature: {
      name: 'base-leader',
      composer,
      menu: [{ id: 'lead', labelKey: 'bases:leader.menu', visible: async (ctx) => (await led(ctx)).length > 0 }],
      flows: [offlineMemberFlow(services)],
    },
    invites,
  };
}
