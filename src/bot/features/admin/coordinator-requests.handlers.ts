import { Composer, InlineKeyboard } from 'grammy';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { REQUEST_BUTTONS } from '../../../services/roles/coordinator-requests.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { ADMIN, withKey } from './admin-buttons.ts';

/** Waiting coordinator requests: the list with approve/decline buttons, and what each button does. */
export function coordinatorRequests({ authorization, coordinators }: StaffServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = (name: string) => staffOnly(authorization, 'admin', name);
  const actor = (ctx: BotContext) => actorFor(ctx, authorization);

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

  return composer;
}
