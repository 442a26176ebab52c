import { Composer, InlineKeyboard } from 'grammy';
import {
  type ReachPoint,
  reachPointId,
  reachPointsOf,
  removeReachPoint,
} from '../../../domain/identity/reach-point.ts';
import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import type { IdentityService } from '../../../services/identity/identity.service.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';
import { replyOrEdit } from '../../reply.ts';
import { currentVolunteer } from './profile-guards.ts';

/** Callback data: the list, `p:`/`x:` with a reach point's id to prefer or remove it, and adding SMS. */
export const REACH_POINTS = { show: 'pf:rp', prefer: 'pf:rp:p:', remove: 'pf:rp:x:', addSms: 'pf:rp:sms' } as const;

/** «بله»، «تلگرام»، or the number for SMS. */
export function reachPointName(ctx: BotContext, point: ReachPoint): string {
  return point.kind === 'messenger'
    ? ctx.t(`admin:platforms.${point.platform}`)
    : ctx.t('pledge:reach_points.sms', { mobile: formatMobile(ctx, point.mobile) });
}

/** The person's reach points, preferred first, as one line of the profile. */
export function reachPointsLine(ctx: BotContext, v: Volunteer): string {
  const [preferred, ...others] = reachPointsOf(v);
  const names = [ctx.t('pledge:reach_points.preferred', { name: reachPointName(ctx, preferred!) })];
  for (const point of others) names.push(reachPointName(ctx, point));
  return ctx.t('pledge:reach_points.line', { list: names.join(ctx.t('common:list_separator')) });
}

/** Whether the screen offers «➕ پیامک به …»: SMS is configured and the registered number is not an SMS point yet. */
const offersSms = (v: Volunteer, smsConfigured: boolean) =>
  smsConfigured && !reachPointsOf(v).some((p) => p.kind === 'sms' && p.mobile === v.mobile);

function reachPointsScreen(ctx: BotContext, v: Volunteer, smsConfigured: boolean) {
  const keyboard = new InlineKeyboard();
  for (const [i, point] of reachPointsOf(v).entries()) {
    const id = reachPointId(point);
    const name = reachPointName(ctx, point);
    if (i > 0) keyboard.text(ctx.t('pledge:reach_points.prefer', { name }), `${REACH_POINTS.prefer}${id}`);
    if (removeReachPoint(v, id))
      keyboard.text(ctx.t('pledge:reach_points.remove', { name }), `${REACH_POINTS.remove}${id}`);
    keyboard.row();
  }
  if (offersSms(v, smsConfigured))
    keyboard.text(ctx.t('pledge:reach_points.add_sms', { mobile: formatMobile(ctx, v.mobile) }), REACH_POINTS.addSms);
  return { text: `${reachPointsLine(ctx, v)}\n\n${ctx.t('pledge:reach_points.help')}`, keyboard };
}

/** Shows the reach points screen, in place after a tap on it; `smsConfigured` offers adding the number by SMS. */
export async function showReachPoints(ctx: BotContext, v: Volunteer, smsConfigured: boolean, inPlace: boolean) {
  const { text, keyboard } = reachPointsScreen(ctx, v, smsConfigured);
  await replyOrEdit(ctx, text, keyboard, inPlace);
}

/**
 * «راه‌های دسترسی»: where call-ups reach the person, which comes first, and removing one (never the last). Adding
 * the SMS point is reach-sms.ts's; the screen offers it when `smsConfigured`.
 */
export function reachPointsFeature(deps: {
  volunteers: VolunteerService;
  identity: IdentityService;
  smsConfigured: boolean;
}) {
  const composer = new Composer<BotContext>();
  const show = (ctx: BotContext, v: Volunteer, inPlace: boolean) =>
    showReachPoints(ctx, v, deps.smsConfigured, inPlace);

  composer.callbackQuery(REACH_POINTS.show, async (ctx) => {
    await ctx.answerCallbackQuery();
    const volunteer = await currentVolunteer(ctx, deps.volunteers);
    if (volunteer) await show(ctx, volunteer, false);
  });

  composer.callbackQuery(/^pf:rp:([px]):(.+)$/, async (ctx) => {
    if (!ctx.user) return;
    const [, action, id] = ctx.match;
    const change = action === 'p' ? deps.identity.prefer : deps.identity.remove;
    const updated = await change(ctx.user.personKey, id ?? '');
    await ctx.answerCallbackQuery({
      text: ctx.t(updated ? 'pledge:reach_points.saved' : 'pledge:reach_points.refused'),
    });
    if (updated) await show(ctx, updated, true);
  });

  return composer;
}
