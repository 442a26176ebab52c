import { Composer, InlineKeyboard } from 'grammy';
import type { Coordinator } from '../../../domain/roles/coordinator.ts';
import { parseUserKey } from '../../../domain/roles/platform.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { REQUEST_BUTTONS } from '../../../services/roles/coordinator-requests.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { AUDIT_PAGE, auditText } from './audit-view.ts';
import { CHANGE_PROVINCES_FLOW, changeProvincesFlow } from './change-provinces.flow.ts';
import { INVITE_FLOW, inviteFlow } from './invite.flow.ts';

/** Callback data of the admin's buttons; a user key follows the ones ending in `:`. */
export const ADMIN = {
  coordinators: 'ad:list',
  invite: 'ad:invite',
  requests: 'ad:reqs',
  audit: 'ad:audit',
  show: 'ad:c:',
  change: 'ad:cp:',
  remove: 'ad:rm:',
  removeConfirmed: 'ad:rmy:',
} as const;

const KEY = '((?:telegram|bale):\\d{1,15})';
const withKey = (prefix: string) => new RegExp(`^${prefix}${KEY}$`);

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

function coordinatorLine(ctx: BotContext, c: Coordinator): string {
  return ctx.t('admin:coordinators.line', {
    name: c.name || '—',
    key: c.key,
    provinces: provinceNames(c.provinces, ctx.locale),
  });
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

  const listCoordinators = async (ctx: BotContext) => {
    const list = await coordinators.list(await actor(ctx));
    if (list.length === 0) {
      await ctx.reply(ctx.t('admin:coordinators.empty'));
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const c of list) keyboard.text(c.name || c.key, `${ADMIN.show}${c.key}`).row();
    await ctx.reply([ctx.t('admin:coordinators.title'), ...list.map((c) => coordinatorLine(ctx, c))].join('\n'), {
      reply_markup: keyboard,
    });
  };
  composer.command('coordinators', admin('coordinators'), (ctx) => withRoleErrors(ctx, () => listCoordinators(ctx)));
  composer.callbackQuery(ADMIN.coordinators, admin('coordinators'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await withRoleErrors(ctx, () => listCoordinators(ctx));
  });

  composer.callbackQuery(withKey(ADMIN.show), admin('coordinators.view'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const c = await coordinators.get(await actor(ctx), ctx.match[1]!);
      await ctx.answerCallbackQuery();
      await ctx.reply(coordinatorLine(ctx, c), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('admin:coordinators.change'), `${ADMIN.change}${c.key}`)
          .text(ctx.t('admin:coordinators.remove'), `${ADMIN.remove}${c.key}`),
      });
    }),
  );

  composer.callbackQuery(withKey(ADMIN.change), admin('coordinators.change'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const c = await coordinators.get(await actor(ctx), ctx.match[1]!);
      await ctx.answerCallbackQuery();
      await ctx.flow.start(CHANGE_PROVINCES_FLOW, { key: c.key, provinces: c.provinces });
    }),
  );

  composer.callbackQuery(withKey(ADMIN.remove), admin('coordinators.remove'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const c = await coordinators.get(await actor(ctx), ctx.match[1]!);
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t('admin:coordinators.remove_confirm', { name: c.name || '—', key: c.key }), {
        reply_markup: new InlineKeyboard().text(
          ctx.t('admin:coordinators.remove_yes'),
          `${ADMIN.removeConfirmed}${c.key}`,
        ),
      });
    }),
  );

  composer.callbackQuery(withKey(ADMIN.removeConfirmed), admin('coordinators.remove'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const key = ctx.match[1]!;
      await coordinators.remove(await actor(ctx), key);
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t('admin:coordinators.removed', { key }));
    }),
  );

  composer.command('invite', admin('invite'), (ctx) => ctx.flow.start(INVITE_FLOW, { provinces: [] }));
  composer.callbackQuery(ADMIN.invite, admin('invite'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.flow.start(INVITE_FLOW, { provinces: [] });
  });

  const listRequests = async (ctx: BotContext) => {
    const requests = await coordinators.requests(await actor(ctx));
    if (requests.length === 0) {
      await ctx.reply(ctx.t('admin:requests.empty'));
      return;
    }
    for (const r of requests) {
      await ctx.reply(
        ctx.t('admin:requests.item', {
          name: r.name || '—',
          key: r.key,
          provinces: provinceNames(r.provinces, ctx.locale),
          note: r.note ?? '—',
        }),
        {
          reply_markup: new InlineKeyboard()
            .text(ctx.t('admin:requests.approve'), `${REQUEST_BUTTONS.approve}${r.key}`)
            .text(ctx.t('admin:requests.decline'), `${REQUEST_BUTTONS.decline}${r.key}`),
        },
      );
    }
  };
  composer.command('requests', admin('requests'), (ctx) => withRoleErrors(ctx, () => listRequests(ctx)));
  composer.callbackQuery(ADMIN.requests, admin('requests'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await withRoleErrors(ctx, () => listRequests(ctx));
  });

  composer.callbackQuery(withKey(REQUEST_BUTTONS.approve), admin('request.approve'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const approved = await coordinators.approve(await actor(ctx), ctx.match[1]!);
      await ctx.answerCallbackQuery();
      await ctx.reply(
        ctx.t('admin:requests.approved', {
          name: approved.name || '—',
          key: approved.key,
          provinces: provinceNames(approved.provinces, ctx.locale),
        }),
      );
    }),
  );
  composer.callbackQuery(withKey(REQUEST_BUTTONS.decline), admin('request.decline'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const key = ctx.match[1]!;
      await coordinators.decline(await actor(ctx), key);
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t('admin:requests.declined', { key }));
    }),
  );

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
