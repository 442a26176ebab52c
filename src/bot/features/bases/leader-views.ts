import { InlineKeyboard } from 'grammy';
import type { Base } from '../../../domain/bases/base.ts';
import type { OfflineMember } from '../../../domain/bases/base-people.ts';
import { getSpecialty } from '../../../domain/reference/specialties.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { MemberView } from '../../../services/bases/base-leaders.service.ts';
import type { BotContext } from '../../context.ts';

/** A leader's buttons: `bl:<action>:<base id>`. */
export const LEADER = {
  menu: 'menu:lead',
  show: 'bl:show:',
  addOffline: 'bl:add:',
} as const;

const specialtyName = (ctx: BotContext, code: string) => getSpecialty(code)?.[ctx.locale] ?? code;

/** The base's members as its leader sees them: phone numbers included, as a coordinator of the province sees them. */
export function membersView(
  ctx: BotContext,
  view: { base: Base; volunteers: MemberView[]; offline: OfflineMember[] },
): { text: string; keyboard: InlineKeyboard } {
  const nobody = ctx.t('bases:leader.nobody');
  const volunteers = view.volunteers.map((v) =>
    ctx.t('bases:leader.member_line', {
      name: isolate(v.name),
      specialty: specialtyName(ctx, v.specialty),
      phone: isolate(v.mobile),
    }),
  );
  const offline = view.offline.map((m) =>
    ctx.t('bases:leader.offline_line', {
      name: isolate(m.name),
      specialty: specialtyName(ctx, m.specialty),
      phone: isolate(m.phone),
      hours: m.pledgeHours,
    }),
  );
  const text = ctx.t('bases:leader.members', {
    name: view.base.name,
    count: volunteers.length,
    volunteers: volunteers.join('\n') || nobody,
    offlineCount: offline.length,
    offline: offline.join('\n') || nobody,
  });
  const keyboard = new InlineKeyboard().text(ctx.t('bases:leader.add_offline'), `${LEADER.addOffline}${view.base.id}`);
  return { text, keyboard };
}
