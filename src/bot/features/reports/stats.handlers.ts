import { Composer, InputFile } from 'grammy';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { REPORTS } from './report-buttons.ts';
import { ensureScope, pickScope, provinceOfScope, SCOPE_PATTERN } from './scope-picker.ts';

/** `/stats`: a text summary and a chart, for the whole scope or one province of it. */
export function statsHandlers({ authorization, reports }: StaffServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const coordinator = (name: string) => staffOnly(authorization, 'coordinator', name);

  const sendStats = async (ctx: BotContext, scope: string) => {
    await ctx.replyWithChatAction('upload_photo').catch(() => {});
    const report = await reports.report(await actorFor(ctx, authorization), provinceOfScope(scope), ctx.locale, ctx.t);
    await ctx.reply(report.summary);
    await ctx.replyWithPhoto(new InputFile(report.png, 'nazr-stats.png'));
  };
  const askStats = async (ctx: BotContext) =>
    pickScope(
      ctx,
      await actorFor(ctx, authorization),
      'coordinator:stats.pick_scope',
      (s) => `${REPORTS.stats}${s}`,
      (s) => sendStats(ctx, s),
    );
  composer.command('stats', coordinator('stats'), (ctx) => withRoleErrors(ctx, () => askStats(ctx)));
  composer.callbackQuery(PANEL.stats, coordinator('stats'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await withRoleErrors(ctx, () => askStats(ctx));
  });
  composer.callbackQuery(new RegExp(`^${REPORTS.stats}${SCOPE_PATTERN}$`), coordinator('stats'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const scope = ctx.match[1]!;
      await ensureScope(ctx, authorization, scope, 'stats');
      await ctx.answerCallbackQuery();
      await sendStats(ctx, scope);
    }),
  );

  return composer;
}
