import { Composer } from 'grammy';
import { BASE_KINDS } from '../../../domain/reference/base-kinds.ts';
import type { ImportReport } from '../../../services/bases/base-import.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import { BASES } from './base-views.ts';
import { downloadDocument } from './received-file.ts';

/** Rows listed one by one in the report; the rest are counted, so the message stays under the length limit. */
const REPORTED_ROWS = 40;

/** The import's outcome in the coordinator's words: how many bases, then each refused row and why. */
export function reportText(ctx: BotContext, report: ImportReport): string {
  if (!report.ok) {
    const columns = (report.missing ?? [])
      .map((c) => ctx.t(`bases:import.columns.${c}`))
      .join(ctx.t('common:list_separator'));
    return ctx.t(`bases:import.${report.reason}`, { columns });
  }
  const lines = [ctx.t('bases:import.done', { created: report.created })];
  if (report.refused.length > 0) lines.push('', ctx.t('bases:import.refused_title', { count: report.refused.length }));
  for (const { row, reasons } of report.refused.slice(0, REPORTED_ROWS)) {
    const why = reasons.map((r) => ctx.t(`bases:import.reasons.${r}`)).join(ctx.t('common:clause_separator'));
    lines.push(ctx.t('bases:import.refused_row', { row, reasons: why }));
  }
  const unlisted = report.refused.length - REPORTED_ROWS;
  if (unlisted > 0) lines.push(ctx.t('bases:import.refused_more', { count: unlisted }));
  return lines.join('\n');
}

/** «افزودن از فایل»: the help, and any CSV/XLSX file a coordinator sends outside a flow. */
export function importHandlers(services: BasesServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(BASES.importHelp, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(
      ctx.t('bases:import.help', { kinds: BASE_KINDS.map((k) => k[ctx.locale]).join(ctx.t('common:list_separator')) }),
    );
  });
  composer.on('message:document', async (ctx, next) => {
    const actor = await actorFor(ctx, services.authorization);
    if (actor.role === 'volunteer') return next();
    await ctx.reply(ctx.t('bases:import.reading'));
    const file = await downloadDocument(ctx);
    if (!file) {
      await ctx.reply(ctx.t('bases:import.too_big'));
      return;
    }
    await ctx.reply(reportText(ctx, await services.imports.importFile(actor, file)));
  });
  return composer;
}
