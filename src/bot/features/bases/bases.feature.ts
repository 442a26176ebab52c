import { Composer } from 'grammy';
import { BaseError } from '../../../domain/bases/base-error.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import { deepLink } from '../../deep-link.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, refuse, staffOnly } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { BASES, baseCard, basesMenu } from './base-views.ts';
import { CREATE_BASE_FLOW, createBaseFlow } from './create-base.flow.ts';
import { EDIT_BASE_FLOW, editBaseFlow } from './edit-base.flow.ts';
import { importHandlers } from './import.handlers.ts';

const DONE = { close: 'bases:card.closed', reopen: 'bases:card.reopened' } as const;

/** Runs a base action; a refusal (not found, out of scope) becomes a polite answer. */
async function withBaseErrors(ctx: BotContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof BaseError) && !(error instanceof RoleError)) throw error;
    await refuse(ctx, error.key);
  }
}

/** The coordinators' bases: the list (`/bases`, panel button), one base's card, close/reopen, new, import. */
export function createBasesFeature(services: BasesServices): Feature {
  const { authorization, bases } = services;
  const composer = new Composer<BotContext>();
  const coordinator = (name: string) => staffOnly(authorization, 'coordinator', name);

  const showMenu = async (ctx: BotContext) => {
    const { text, keyboard } = basesMenu(ctx, await bases.listFor(await actorFor(ctx, authorization)));
    await ctx.reply(text, { reply_markup: keyboard });
  };
  composer.command('bases', coordinator('bases'), showMenu);
  for (const data of [PANEL.bases, BASES.menu]) {
    composer.callbackQuery(data, coordinator('bases'), async (ctx) => {
      await ctx.answerCallbackQuery();
      await showMenu(ctx);
    });
  }
  composer.callbackQuery(BASES.create, coordinator('base.create'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.flow.start(CREATE_BASE_FLOW, {});
  });

  composer.callbackQuery(/^bs:(show|close|reopen):([\w-]+)$/, coordinator('base.card'), (ctx) =>
    withBaseErrors(ctx, async () => {
      const [, action, id = ''] = ctx.match;
      const actor = await actorFor(ctx, authorization);
      const base = action === 'show' ? await bases.get(id) : await bases.setOpen(actor, id, action === 'reopen');
      if (!base || !authorization.decide(actor, { role: 'coordinator', province: base.province }).ok) {
        throw new BaseError('not_found');
      }
      await ctx.answerCallbackQuery();
      if (action !== 'show') await ctx.reply(ctx.t(DONE[action as 'close' | 'reopen'], { name: base.name }));
      const { text, keyboard } = baseCard(ctx, base);
      await ctx.reply(text, { reply_markup: keyboard });
    }),
  );

  composer.callbackQuery(/^bs:edit:([\w-]+)$/, coordinator('base.edit'), (ctx) =>
    withBaseErrors(ctx, async () => {
      const base = await bases.get(ctx.match[1] ?? '');
      const actor = await actorFor(ctx, authorization);
      if (!base || !authorization.decide(actor, { role: 'coordinator', province: base.province }).ok) {
        throw new BaseError('not_found');
      }
      await ctx.answerCallbackQuery();
      await ctx.flow.start(EDIT_BASE_FLOW, { baseId: base.id, province: base.province });
    }),
  );

  composer.callbackQuery(/^bs:lead:([\w-]+)$/, coordinator('base.invite_leader'), (ctx) =>
    withBaseErrors(ctx, async () => {
      const actor = await actorFor(ctx, authorization);
      const { invite, payload } = await services.leaders.inviteLeader(actor, ctx.match[1] ?? '', ctx.platform);
      const base = await bases.get(invite.baseId);
      const username = ctx.me?.username;
      const link = username ? deepLink(ctx.platform, username, payload) : ctx.t('bases:leader.no_link', { payload });
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t('bases:leader.invite_created', { name: base?.name, expires: invite.expiresAt, link }));
    }),
  );

  composer.use(importHandlers(services));

  return { name: 'bases', composer, flows: [createBaseFlow(services), editBaseFlow(services)] };
}
