import type { InlineKeyboard } from 'grammy';
import { effectiveStatus } from '../../../domain/volunteers/pledge-state.ts';
import { cardFields, profileCard } from '../../../domain/volunteers/summary-card.ts';
import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import type { BotContext } from '../../context.ts';
import { replyOrEdit } from '../../reply.ts';
import { MEMBER } from '../bases/member-buttons.ts';
import { MISSION_PROFILE } from '../missions/mission-profile.feature.ts';
import { renderCard } from './card-view.ts';
import { newRow } from './keyboards.ts';
import { REACH_POINTS, reachPointsLine } from './reach-points.ts';
import { editButtons } from './summary.step.ts';

/** Callback data of the profile's buttons (outside any flow: each acts on the current record). */
export const PROFILE = {
  edit: 'pf:e:',
  pause: 'pf:pause',
  resume: 'pf:resume',
  withdraw: 'pf:wd',
  withdrawConfirmed: 'pf:wd:yes',
  erase: 'pf:del',
  /** Followed by the step (2, 3) and the time the first confirmation was asked, base 36 seconds. */
  eraseStep: 'pf:del:',
  keep: 'pf:keep',
  renew: 'pf:renew',
} as const;

export function profileKeyboard(ctx: BotContext, v: Volunteer, now: Date): InlineKeyboard {
  const keyboard = editButtons(ctx, cardFields(v), (field) => `${PROFILE.edit}${field}`);
  const status = effectiveStatus(v, now);
  newRow(keyboard);
  if (status === 'active') keyboard.text(ctx.t('pledge:profile.pause'), PROFILE.pause);
  if (status === 'paused' || status === 'withdrawn') keyboard.text(ctx.t('pledge:profile.resume'), PROFILE.resume);
  if (status === 'expired') keyboard.text(ctx.t('pledge:profile.renew'), PROFILE.renew);
  if (status !== 'withdrawn') keyboard.text(ctx.t('pledge:profile.withdraw'), PROFILE.withdraw);
  keyboard.row().text(ctx.t('missions:profile.open'), MISSION_PROFILE.view);
  keyboard.row().text(ctx.t('bases:member.profile_button'), MEMBER.mine);
  keyboard.row().text(ctx.t('pledge:reach_points.button'), REACH_POINTS.show);
  return keyboard.row().text(ctx.t('pledge:profile.erase'), PROFILE.erase);
}

/** «پروفایل من»: the card, where the pledge stands, and a button for every change. */
export async function showProfile(ctx: BotContext, v: Volunteer, now: Date, inPlace = false): Promise<void> {
  const card = `${renderCard(ctx, profileCard(v, ctx.locale, now))}\n${reachPointsLine(ctx, v)}`;
  await replyOrEdit(ctx, ctx.t('pledge:profile.text', { card }), profileKeyboard(ctx, v, now), inPlace);
}
