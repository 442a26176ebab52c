import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callUpExportData } from '../../../domain/callups/callback-data.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../../services/exports/table-files.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { REPORTS } from './report-buttons.ts';
import { ensureScope, pickScope, provinceOfScope, SCOPE_PATTERN } from './scope-picker.ts';

const FORMAT_PATTERN = '(csv|xlsx)';
const CALL_UP_ID = '([\\w-]{1,40})';

/** `/export` (volunteers as CSV/XLSX, for the whole scope or one province) and `/export_callup <id>` (its answers). */
export function exportHandlers({ authorization, exports }: StaffServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const coordinator = (name: string) => staffOnly(authorization, 'coordinator', name);

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
      await ensureScope(ctx, authorization, ctx.match[1]!, 'export.volunteers');
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

  return composer;
}

function formatKeyboard(ctx: BotContext, data: (format: ExportFormat) => string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const format of EXPORT_FORMATS) keyboard.text(ctx.t(`coordinator:export.format_${format}`), data(format));
  return keyboard;
}
