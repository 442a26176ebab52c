import { isolate, toPersianDigits } from '../domain/text/persian-text.ts';
import type { BotContext } from './context.ts';

/** `+989121234567` as people write it at home, `0912 123 4567`, in the reader's digits. */
export function formatMobile(ctx: Pick<BotContext, 'locale'>, e164: string): string {
  const local = `0${e164.slice(3)}`;
  return localDigits(ctx, `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`);
}

/** A number-like text from the database (a council number) in the reader's digits, kept left to right. */
export function localDigits(ctx: Pick<BotContext, 'locale'>, text: string): string {
  return isolate(ctx.locale === 'fa' ? toPersianDigits(text) : text);
}
