import { Composer } from 'grammy';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { staffOnly } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { ANNOUNCE_FLOW, announceFirstStep, announceFlow } from './announce.flow.ts';

/** `/announce`: a non-urgent message to the volunteers of the sender's scope, after a preview. */
export function createAnnouncementsFeature(services: StaffServices): Feature {
  const composer = new Composer<BotContext>();
  const start = async (ctx: BotContext) => {
    await ctx.flow.start(
      ANNOUNCE_FLOW,
      { province: null, group: null, text: null },
      await announceFirstStep(ctx, services),
    );
  };
  composer.command('announce', staffOnly(services.authorization, 'coordinator', 'announce'), start);
  composer.callbackQuery(PANEL.announce, staffOnly(services.authorization, 'coordinator', 'announce'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await start(ctx);
  });
  return { name: 'announcements', composer, flows: [announceFlow(services)] };
}
