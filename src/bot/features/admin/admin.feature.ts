import { Composer, InlineKeyboard } from 'grammy';
import { parseUserKey } from '../../../domain/platform.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { ADMIN } from './admin-buttons.ts';
import { AUDIT_PAGE, auditText } from './audit-view.ts';
import { changeProvincesFlow } from './change-provinces.flow.ts';
import { coordinatorRequests } from './coordinator-requests.handlers.ts';
import { coordinatorRoster } from './coordinator-roster.ts';
import { INVITE_FLOW, inviteFlow } from './invite.flow.ts';

function adminPanel(ctx: BotContext): { text: string; keyboard: InlineKeyboard } {
  return {
    text: ctx.t('admin:panel.title'),
    keyboard: new InlineKeyboard()
      .text(ctx.t('admin:panel.coordinators'), ADMIN.coordinators)
      .text(ctx.t('admin:panel.invite'), ADMIN.invite)
      .row()
      .text(ctx.t('admin:panel.requests'), ADMIN.requests)
      .text(ctx.t('admin:panel.audit'), ADMIN.audit),
  };
}

/**
 * The admin's tools: the coordinators (list, change provinces, remove), invite links, coordinator requests, the
 * audit log, and blocking users. Everything here is for admins only, checked again in the services.
 */
export function createAdminFeature(services: StaffServices): Feature {
  const { authorization, coordinators, moderation, audit, auditPeople } = services;
  const composer = new Composer<BotContext>();
  const admin = (name: string) => staffOnly(authorization, 'admin', name);
  const actor = (ctx: BotContext) => actorFor(ctx, authorization);

  const showPanel = async (ctx: BotContext) => {
    const { text, keyboard } = adminPanel(ctx);
    await ctx.reply(text, { reply_markup: keyboard });
  };
  composer.command('admin', admin('admin'), showPanel);
  composer.callbackQuery(PANEL.admin, admin('admin'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showPanel(ctx);
  });

  composer.use(coordinatorRoster(services));

  composer.command('invite', admin('invite'), (ctx) => ctx.flow.start(INVITE_FLOW, { provinces: [] }));
  composer.callbackQuery(ADMIN.invite, admin('invite'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.flow.start(INVITE_FLOW, { provinces: [] });
  });

  composer.use(coordinatorRequests(services));

  const showAudit = async (ctx: BotContext) => {
    const entries = await audit.recent(AUDIT_PAGE);
    const people = await auditPeople.describe(entries.flatMap((e) => (e.target ? [e.actor, e.target] : [e.actor])));
    await ctx.reply(auditText(ctx, entries, people));
  };
  composer.command('audit', admin('audit'), showAudit);
  composer.callbackQuery(ADMIN.audit, admin('audit'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showAudit(ctx);
  });

  for (const [command, blocked] of [
    ['block', true],
    ['unblock', false],
  ] as const) {
    composer.command(command, admin(command), (ctx) =>
      withRoleErrors(ctx, async () => {
        const key = parseUserKey(ctx.match);
        if (!key) {
          await ctx.reply(ctx.t('admin:block.usage', { command }));
          return;
        }
        const who = await actor(ctx);
        if (blocked) await moderation.block(who, key);
        else await moderation.unblock(who, key);
        await ctx.reply(ctx.t(blocked ? 'admin:block.blocked' : 'admin:block.unblocked', { key }));
      }),
    );
  }

  return {
    name: 'admin',
    composer,
    flows: [inviteFlow(coordinators, authorization), changeProvincesFlow(coordinators, authorization)],
  };
}
