import type { AuditEntry } from '../../../domain/roles/audit-action.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { AuditPerson } from '../../../services/audit/audit-people.ts';
import type { BotContext } from '../../context.ts';

/** How many entries `/audit` shows. */
export const AUDIT_PAGE = 20;

/** A person as an admin reads them: name and role, or the key when no record names them any more. */
function who(ctx: BotContext, key: string, people: ReadonlyMap<string, AuditPerson>): string {
  const person = people.get(key);
  if (!person?.name) return isolate(key);
  const role = person.role ? ctx.t(`admin:audit.roles.${person.role}`) : '';
  return role ? ctx.t('admin:audit.who', { name: isolate(person.name), role }) : isolate(person.name);
}

/** One entry as a line: when, who, what, on whom, with names and roles; the ids are in the exports. */
export function auditLine(ctx: BotContext, entry: AuditEntry, people: ReadonlyMap<string, AuditPerson>): string {
  const details = entry.details ?? {};
  const extra = [
    entry.target ? `→ ${who(ctx, entry.target, people)}` : '',
    entry.province ? provinceNames([entry.province], ctx.locale) : '',
    typeof details.attempt === 'string' ? isolate(details.attempt) : '',
    typeof details.rows === 'number' ? ctx.t('admin:audit.rows', { count: details.rows }) : '',
    typeof details.recipients === 'number' ? ctx.t('admin:audit.recipients', { count: details.recipients }) : '',
  ].filter(Boolean);
  return ctx
    .t('admin:audit.line', {
      at: entry.at,
      actor: who(ctx, entry.actor, people),
      action: ctx.t(`admin:audit.actions.${entry.action}`, { defaultValue: entry.action }),
      extra: extra.join(' '),
    })
    .trim();
}

export function auditText(
  ctx: BotContext,
  entries: readonly AuditEntry[],
  people: ReadonlyMap<string, AuditPerson>,
): string {
  if (entries.length === 0) return ctx.t('admin:audit.empty');
  const lines = entries.map((e) => auditLine(ctx, e, people));
  return [ctx.t('admin:audit.title', { count: entries.length }), ...lines].join('\n');
}
