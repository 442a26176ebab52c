import { getProvince } from '../../../domain/reference/provinces.ts';
import type { AuditEntry } from '../../../domain/roles/audit-action.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { AuditPerson } from '../../../services/audit/audit-people.ts';
import type { BotContext } from '../../context.ts';

/** How many entries `/audit` shows. */
export const AUDIT_PAGE = 20;

/** A person's key (`bale:1004`) or the anonymous id an erasure left (`erased:…`); other targets are record ids. */
const PERSON_KEY = /^(?:telegram|bale):\d+$|^erased:/;

/** A person as an admin reads them: name and role; a role alone, or "someone", when no record names them. */
function who(ctx: BotContext, key: string, people: ReadonlyMap<string, AuditPerson>): string {
  const person = people.get(key);
  const role = person?.role ? ctx.t(`admin:audit.roles.${person.role}`) : '';
  if (key.startsWith('erased:')) return ctx.t('admin:audit.erased');
  if (!person?.name) return role || ctx.t('admin:audit.unknown_person');
  return role ? ctx.t('admin:audit.who', { name: isolate(person.name), role }) : isolate(person.name);
}

/**
 * A refused attempt in words: what was tried (`callup.cancel [button]` → «لغو فراخوان»، با دکمه) and why it was
 * refused. A name without words of its own is described by its area, then as a staff tool.
 */
function attemptText(ctx: BotContext, attempt: string, reason: unknown): string {
  const [, name = attempt, via] = /^([a-z_.]+)(?: \[(button|command)\])?$/.exec(attempt) ?? [];
  const area = ctx.t(`admin:audit.attempts.${name.split('.')[0]}`, {
    defaultValue: ctx.t('admin:audit.attempts.other'),
  });
  const what = ctx.t(`admin:audit.attempts.${name.replaceAll('.', '_')}`, { defaultValue: area });
  const details = [
    via ? ctx.t(`admin:audit.via.${via}`) : '',
    typeof reason === 'string' ? ctx.t(`admin:audit.reasons.${reason}`, { defaultValue: '' }) : '',
  ].filter(Boolean);
  return details.length > 0
    ? ctx.t('admin:audit.attempt_why', { what, why: details.join(ctx.t('common:clause_separator')) })
    : ctx.t('admin:audit.attempt', { what });
}

/** One entry as a line: when, who, what, on whom, with names, roles and words; the ids are in the exports. */
export function auditLine(ctx: BotContext, entry: AuditEntry, people: ReadonlyMap<string, AuditPerson>): string {
  const details = entry.details ?? {};
  // A province code from a forged button names no province: it is left out, like the ids.
  const province = entry.province && getProvince(entry.province) ? entry.province : undefined;
  const extra = [
    entry.target && PERSON_KEY.test(entry.target) ? `→ ${who(ctx, entry.target, people)}` : '',
    typeof details.attempt === 'string' ? attemptText(ctx, details.attempt, details.reason) : '',
    province ? ctx.t('admin:audit.province', { name: provinceNames([province], ctx.locale) }) : '',
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
