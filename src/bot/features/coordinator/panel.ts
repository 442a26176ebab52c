import { InlineKeyboard } from 'grammy';
import type { Actor } from '../../../domain/roles/actor.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import type { BotContext } from '../../context.ts';

/** Buttons of the staff panel; each is handled by the feature it names, exactly like its command. */
export const PANEL = {
  verify: 'pn:verify',
  stats: 'pn:stats',
  export: 'pn:export',
  announce: 'pn:announce',
  admin: 'pn:admin',
  bases: 'pn:bases',
} as const;

/** The staff panel: what a coordinator (and an admin) can do, with their scope in the heading. */
export function panelView(ctx: BotContext, actor: Actor): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard()
    .text(ctx.t('coordinator:panel.verify'), PANEL.verify)
    .text(ctx.t('coordinator:panel.stats'), PANEL.stats)
    .row()
    .text(ctx.t('coordinator:panel.export'), PANEL.export)
    .text(ctx.t('coordinator:panel.announce'), PANEL.announce)
    .row()
    .text(ctx.t('bases:panel.open'), PANEL.bases);
  if (actor.role === 'admin') keyboard.row().text(ctx.t('admin:panel.open'), PANEL.admin);
  const text =
    actor.role === 'admin'
      ? ctx.t('coordinator:panel.title_admin')
      : ctx.t('coordinator:panel.title', { provinces: provinceNames(actor.provinces, ctx.locale) });
  return { text, keyboard };
}
