import { formatNumber, isolate, toPersianDigits } from '../../../domain/text/persian-text.ts';
import type { CardRow, CardValue } from '../../../domain/volunteers/summary-card.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';

/** Persian readers get Persian digits inside inserted text too (a licence number, a page number). */
function localVars(ctx: Pick<BotContext, 'locale'>, vars: Record<string, unknown> | undefined) {
  if (!vars || ctx.locale !== 'fa') return vars;
  return Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [name, typeof value === 'string' ? toPersianDigits(value) : value]),
  );
}

export function renderValue(ctx: Pick<BotContext, 't' | 'locale'>, value: CardValue): string {
  switch (value.kind) {
    case 'text':
      return isolate(value.text);
    case 'mobile':
      return ctx.t(value.verified ? 'pledge:mobile.verified' : 'pledge:mobile.unverified', {
        mobile: formatMobile(ctx, value.e164),
      });
    case 'number':
      return formatNumber(ctx.locale, value.value);
    case 'date':
      return ctx.t('pledge:card.date', { date: value.date });
    case 'label':
      return ctx.t(value.key, localVars(ctx, value.vars));
    case 'labels':
      return value.codes.map((code) => ctx.t(`${value.prefix}.${code}`)).join(ctx.t('common:list_separator'));
  }
}

/** One line per row: «نام: …». */
export function renderCard(ctx: Pick<BotContext, 't' | 'locale'>, rows: readonly CardRow[]): string {
  return rows
    .map((row) =>
      ctx.t('pledge:card.row', { label: ctx.t(`pledge:card.fields.${row.field}`), value: renderValue(ctx, row.value) }),
    )
    .join('\n');
}
