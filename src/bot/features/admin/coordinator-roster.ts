import { Composer, InlineKeyboard } from 'grammy';
import type { Coordinator } from '../../../domain/roles/coordinator.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { ADMIN, withKey } from './admin-buttons.ts';
import { CHANGE_PROVINCES_FLOW } from './change-provinces.flow.ts';

/** The active coordinators: the list, one of them with its buttons, changing their provinces, removing them. */
export function coordinatorRoster({ authorization, coordinators }: StaffServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = (name: string) => staffOnly(authorization, 'admin', name);
  const actor = (ctx: BotContext) => actorFor(ctx, authorization);

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

  return composer;
}

function coordinatorLine(ctx: BotContext, c: Coordinator): string {
  return ctx.t('admin:coordinators.line', {
    name: c.name || '—',
    key: c.key,
    provinces: provinceNames(c.provinces, ctx.locale),
  });
}
