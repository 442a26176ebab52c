import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { CALLUP_EXPORT_PREFIX, callUpExportData } from '../../../domain/callups/callback-data.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../services/exports/table-files.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { pickScope, provinceOfScope, SCOPE_PATTERN } from './scope-picker.ts';

/**
 * Callback data: `st:<scope>` a report, `ex:<scope>` an export's formats, `ef:<format>:<scope>` the file, and
 * `xc:<format>:<call-up id>` a call-up's answers (also offered on the call-up's board).
 */
export const REPORTS = { stats: 'st:', export: 'ex:', exportFile: 'ef:', callUpFile: CALLUP_EXPORT_PREFIX } as const;

const FORMAT_PATTERN = '(csv|xlsx)';
const CALL_UP_ID = '([\\w-]{1,40})';

function formatKeyboard(ctx: BotContext, data: (format: ExportFormat) => string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const format of EXPORT_FORMATS) keyboard.text(ctx.t(`coordinator:export.format_${format}`), data(format));
  return keyboard;
}

/**
 * `/stats` (text summary and chart) and `/export` (volunteers as CSV/XLSX), for a coordinator's provinces or an
 * admin's country or province; `/export_callup <id>` for one call-up's answers.
 */
export function createReportsFeature(services: StaffServices): Feature {
  const { authorization, reports, exports } = services;
  const composer = new Composer<BotContext>();
  const coordinator = (name: string) => staffOnly(authorization, 'coordinator', name);
  /** Refuses (and logs) a scope outside the actor's, before the button is answered, so it can show as an alert. */
  const ensureScope = async (ctx: BotContext, scope: string, attempt: string) => {
    const province = provinceOfScope(scope);
    const actor = await actorFor(ctx, authorization);
    await authorization.ensure(actor, { role: 'coordinator', ...(province ? { province } : {}) }, attempt);
  };

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
      await ensureScope(ctx, scope, 'stats');
      await ctx.answerCallbackQuery();
      await sendStats(ctx, scope);
    }),
  );

  const askFormat = async (ctx: BotContext, scope: string) => {
    await ctx.reply(ctx.t('coordinator:export.pick_format'), {
      reply_markup: formatKeyboard(ctx, (format) => `${REPORTS.exportFile}${format}:${scope}`),
    });
  };
  const askExport = async (ctx: BotContext) =>
    pickScope(
      ctx,
      await actorFor(ctx, authorization),
      'coordinator:export.pick_scope',
      (s) => `${REPORTS.export}${s}`,
      (s) => askFormat(ctx, s),
    );
  composer.command('export', coordinator('export'), (ctx) => withRoleErrors(ctx, () => askExport(ctx)));
  composer.callbackQuery(PANEL.export, coordinator('export'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await withRoleErrors(ctx, () => askExport(ctx));
  });
  composer.callbackQuery(new RegExp(`^${REPORTS.export}${SCOPE_PATTERN}$`), coordinator('export'), (ctx) =>
    withRoleErrors(ctx, async () => {
      await ensureScope(ctx, ctx.match[1]!, 'export.volunteers');
      await ctx.answerCallbackQuery();
      await askFormat(ctx, ctx.match[1]!);
    }),
  );
  composer.callbackQuery(
    new RegExp(`^${REPORTS.exportFile}${FORMAT_PATTERN}:${SCOPE_PATTERN}$`),
    coordinator('export.volunteers'),
    (ctx) =>
      withRoleErrors(ctx, async () => {
        const file = await exports.volunteers(await actorFor(ctx, authorization), {
          province: provinceOfScope(ctx.match[2]!),
          format: ctx.match[1] as ExportFormat,
          locale: ctx.locale,
          t: ctx.t,
        });
        await ctx.answerCallbackQuery();
        await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
          caption: ctx.t('coordinator:export.caption', { count: file.rows }),
        });
      }),
  );

  composer.command('export_callup', coordinator('export.callup'), async (ctx) => {
    const id = ctx.match.trim();
    if (!new RegExp(`^${CALL_UP_ID}$`).test(id)) {
      await ctx.reply(ctx.t('coordinator:export.callup_usage'));
      return;
    }
    await ctx.reply(ctx.t('coordinator:export.pick_format'), {
      reply_markup: formatKeyboard(ctx, (format) => callUpExportData(id, format)),
    });
  });
  composer.callbackQuery(
    new RegExp(`^${REPORTS.callUpFile}${FORMAT_PATTERN}:${CALL_UP_ID}$`),
    coordinator('export.callup'),
    (ctx) =>
      withRoleErrors(ctx, async () => {
        const file = await exports.callUpAnswers(await actorFor(ctx, authorization), {
          callUpId: ctx.match[2]!,
          format: ctx.match[1] as ExportFormat,
          locale: ctx.locale,
          t: ctx.t,
        });
        await ctx.answerCallbackQuery();
        await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), {
          caption: ctx.t('coordinator:export.callup_caption', { count: file.rows }),
        });
      }),
  );

  return { name: 'reports', composer };
}
