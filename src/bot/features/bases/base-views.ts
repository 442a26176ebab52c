import { InlineKeyboard } from 'grammy';
import type { Base } from '../../../domain/bases/base.ts';
import { baseKindName } from '../../../domain/reference/base-kinds.ts';
import { cityName } from '../../../domain/reference/cities.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import type { BotContext } from '../../context.ts';

/** The bases feature's buttons: `bs:<action>` or `bs:<action>:<base id>`. */
export const BASES = {
  menu: 'bs:menu',
  create: 'bs:new',
  importHelp: 'bs:import',
  show: 'bs:show:',
  close: 'bs:close:',
  reopen: 'bs:reopen:',
  inviteLeader: 'bs:lead:',
  edit: 'bs:edit:',
} as const;

const LISTED = 30;

/** The bases menu: the actor's bases as buttons (a page's worth), then "new" and "from a file". */
export function basesMenu(ctx: BotContext, bases: readonly Base[]): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  for (const base of bases.slice(0, LISTED)) {
    const mark = base.status === 'closed' ? '⛔ ' : '';
    keyboard.text(`${mark}${base.name}`, `${BASES.show}${base.id}`).row();
  }
  keyboard.text(ctx.t('bases:menu.new'), BASES.create).text(ctx.t('bases:menu.import'), BASES.importHelp);
  const more = bases.length > LISTED ? `\n${ctx.t('bases:menu.more', { count: bases.length - LISTED })}` : '';
  const text = bases.length === 0 ? ctx.t('bases:menu.none') : ctx.t('bases:menu.title', { count: bases.length });
  return { text: `${text}${more}`, keyboard };
}

/** One base as its coordinator sees it, with edit and close/reopen. */
export function baseCard(ctx: BotContext, base: Base): { text: string; keyboard: InlineKeyboard } {
  const text = ctx.t('bases:card.text', {
    name: base.name,
    kind: baseKindName(base.kind, ctx.locale),
    city: cityName(base.province, base.city, ctx.locale),
    province: provinceNames([base.province], ctx.locale),
    neighbourhood: base.neighbourhood ? ctx.t('bases:card.neighbourhood', { name: base.neighbourhood }) : '',
    place: ctx.t(base.locationFrom === 'pin' ? 'bases:card.place_pin' : 'bases:card.place_city'),
    leaders: base.leaders.length,
    status: ctx.t(base.status === 'open' ? 'bases:card.status_open' : 'bases:card.status_closed'),
  });
  const keyboard = new InlineKeyboard();
  if (base.status === 'open') {
    keyboard.text(ctx.t('bases:card.invite_leader'), `${BASES.inviteLeader}${base.id}`).row();
    keyboard.text(ctx.t('bases:card.edit'), `${BASES.edit}${base.id}`).row();
    keyboard.text(ctx.t('bases:card.close'), `${BASES.close}${base.id}`);
  } else keyboard.text(ctx.t('bases:card.reopen'), `${BASES.reopen}${base.id}`);
  return { text, keyboard };
}
