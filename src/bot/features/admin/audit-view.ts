import type { AuditEntry } from '../../../domain/roles/audit-action.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { BotContext } from '../../context.ts';

/** How many entries `/audit` shows. */
export const AUDIT_PAGE = 20;

/** One entry as a line: when, who, what, on whom (ids only: the log holds no names). */
export function auditLine(ctx: BotContext, entry: AuditEntry): string {
  const details = entry.details ?? {};
  const extra = [
    entry.target ? `→ ${isolate(entry.target)}` : '',
    entry.province ? provinceNames([entry.province], ctx.locale) : '',
    typeof details.attempt === 'string' ? isolate(details.attempt) : '',
    typeof details.rows === 'number' ? ctx.t('admin:audit.rows', { count: details.rows }) : '',
    typeof details.recipients === 'number' ? ctx.t('admin:audit.recipients', { count: details.recipients }) : '',
  ].filter(Boolean);
  return ctx
    .t('admin:audit.line', {
      at: entry.at,
      actor: isolate(entry.actor),
      action: ctx.t(`admin:audit.actions.${entry.action}`, { defaultValue: entry.action }),
      extra: extra.join(' '),
    })
    .trim();
}

export function auditText(ctx: BotContext, entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return ctx.t('admin:audit.empty');
  return [ctx.t('admin:audit.title', { count: entries.length }), ...entries.map((e) => auditLine(ctx, e))].join('\n');
}
