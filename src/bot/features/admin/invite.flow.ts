import { InlineKeyboard } from 'grammy';
import { PLATFORMS, type Platform } from '../../../domain/platform.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import type { CoordinatorService } from '../../../services/roles/coordinator.service.ts';
import type { BotContext } from '../../context.ts';
import { deepLink } from '../../deep-link.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { type ProvinceSelection, provincesStep } from '../coordinator/province-keyboards.ts';

export const INVITE_FLOW = 'admin-invite';

/** The invite link, when the invite is for the platform we are on (we know only our own bot's username there). */
function linkFor(ctx: BotContext, platform: Platform, payload: string): string | undefined {
  const username = ctx.me?.username;
  return platform === ctx.platform && username ? deepLink(platform, username, payload) : undefined;
}

/** «دعوت هماهنگ‌کننده»: provinces, then the platform the link is for; the link is shown to the admin to pass on. */
export function inviteFlow(
  coordinators: CoordinatorService,
  authorization: Authorization,
): FlowDefinition<ProvinceSelection> {
  return {
    name: INVITE_FLOW,
    first: 'provinces',
    cancelledKey: 'admin:invite.cancelled',
    steps: {
      provinces: provincesStep<ProvinceSelection>({
        promptKey: 'admin:invite.provinces',
        onDone: async (_ctx, data) => ({ type: 'next', step: 'platform', data }),
      }),
      platform: {
        view(ctx, data, ui) {
          const keyboard = new InlineKeyboard();
          for (const platform of PLATFORMS) keyboard.text(ctx.t(`admin:platforms.${platform}`), ui.data(platform));
          return {
            text: ctx.t('admin:invite.platform', { provinces: provinceNames(data.provinces, ctx.locale) }),
            keyboard,
          };
        },
        async handle(ctx, input, data) {
          const platform = PLATFORMS.find((p) => input.kind === 'choice' && input.value === p);
          if (!platform) return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          try {
            const actor = await actorFor(ctx, authorization);
            const { invite, payload } = await coordinators.createInvite(actor, data.provinces, platform);
            const link = linkFor(ctx, platform, payload);
            await ctx.reply(
              ctx.t('admin:invite.created', {
                provinces: provinceNames(invite.provinces, ctx.locale),
                platform: ctx.t(`admin:platforms.${platform}`),
                expires: invite.expiresAt,
                link: link ?? ctx.t('admin:invite.no_link'),
                payload,
              }),
            );
          } catch (error) {
            if (!(error instanceof RoleError)) throw error;
            await ctx.reply(ctx.t(error.key));
          }
          return { type: 'finish' };
        },
      },
    },
  };
}
