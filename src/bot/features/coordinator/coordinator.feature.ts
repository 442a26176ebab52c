import { Composer } from 'grammy';
import { tokenFromPayload } from '../../../domain/roles/invite.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, isStaffCtx, staffOnly } from '../../filters/staff.filter.ts';
import type { StartPayloadHandler } from '../start.feature.ts';
import { PANEL, panelView } from './panel.ts';
import { REQUEST_FLOW, requestFlow } from './request.flow.ts';

/** Who the person is, as a candidate for the coordinator role. */
export function candidateOf(ctx: BotContext) {
  const user = ctx.user!;
  return { key: user.key, platform: user.platform, chatId: user.chatId, name: user.firstName };
}

/**
 * The coordinator's side: the staff panel (menu entry, `/panel`), asking to become a coordinator (`/coordinate`),
 * and opening an invite link (`/start inv_…`).
 */
export function createCoordinatorFeature(services: StaffServices): { feature: Feature; invites: StartPayloadHandler } {
  const { authorization, coordinators } = services;
  const composer = new Composer<BotContext>();

  const showPanel = async (ctx: BotContext) => {
    const { text, keyboard } = panelView(ctx, await actorFor(ctx, authorization));
    await ctx.reply(text, { reply_markup: keyboard });
  };
  composer.command('panel', staffOnly(authorization, 'coordinator', 'panel'), showPanel);
  composer.callbackQuery('menu:staff', staffOnly(authorization, 'coordinator', 'panel'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showPanel(ctx);
  });

  composer.command('coordinate', async (ctx) => {
    if (!ctx.user) return;
    const actor = await actorFor(ctx, authorization);
    if (actor.role !== 'volunteer') {
      await ctx.reply(ctx.t(actor.role === 'admin' ? 'admin:errors.is_admin' : 'admin:errors.already_coordinator'));
      return;
    }
    await ctx.flow.start(REQUEST_FLOW, { provinces: [], note: null });
  });

  const invites: StartPayloadHandler = async (ctx, payload) => {
    const token = tokenFromPayload(payload);
    if (!token || !ctx.user) return false;
    try {
      const coordinator = await coordinators.redeemInvite(candidateOf(ctx), token);
      await ctx.reply(
        ctx.t('coordinator:role.welcome', { provinces: provinceNames(coordinator.provinces, ctx.locale) }),
        { reply_markup: await ctx.mainMenu() },
      );
    } catch (error) {
      if (!(error instanceof RoleError)) throw error;
      await authorization.logRefusal(ctx.user.key, 'invite.redeem', error.code);
      await ctx.reply(ctx.t(error.key));
    }
    return true;
  };

  return {
    feature: {
      name: 'coordinator',
      composer,
      menu: [{ id: 'staff', labelKey: 'coordinator:menu.staff', visible: (ctx) => isStaffCtx(ctx, authorization) }],
      flows: [requestFlow(coordinators)],
    },
    invites,
  };
}

export { PANEL };
