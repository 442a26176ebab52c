import { Composer, InlineKeyboard } from 'grammy';
import type { MissionPledgeService } from '../../../services/missions/mission-pledge.service.ts';
import { MISSION_NOTICE_ACTIONS } from '../../../services/missions/mission-reminders.service.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { replyOrEdit } from '../../reply.ts';
import { currentVolunteer } from '../registration/profile-guards.ts';
import { renderMissionCard } from './mission-card.ts';
import { formFromPledge, type MissionHolder, pledgeFromForm } from './mission-form.ts';
import { MISSIONS_STEP, missionSteps } from './mission-steps.ts';

/** Callback data of the profile's long-missions buttons. */
export const MISSION_PROFILE = { view: MISSION_NOTICE_ACTIONS.view, edit: 'ms:edit', remove: 'ms:del' } as const;

const MISSIONS_EDIT_FLOW = 'missions-edit';

export interface MissionProfileDeps {
  volunteers: VolunteerService;
  missions: MissionPledgeService;
  now: () => Date;
}

/** The long-missions part seen from «پروفایل من»: its card, the hours served on missions, change and delete. */
export function createMissionProfileFeature(deps: MissionProfileDeps): Feature {
  const composer = new Composer<BotContext>();

  const show = async (ctx: BotContext, inPlace: boolean) => {
    if (!ctx.user || !(await currentVolunteer(ctx, deps.volunteers))) return;
    const pledge = await deps.missions.get(ctx.user.key);
    const hours = await deps.missions.hoursServed(ctx.user.key);
    const keyboard = new InlineKeyboard().text(ctx.t('missions:profile.edit'), MISSION_PROFILE.edit);
    if (pledge) keyboard.text(ctx.t('missions:profile.remove'), MISSION_PROFILE.remove);
    const text = ctx.t('missions:profile.text', { card: renderMissionCard(ctx, pledge), hours });
    await replyOrEdit(ctx, text, keyboard, inPlace);
  };

  const editFlow: FlowDefinition<MissionHolder> = {
    name: MISSIONS_EDIT_FLOW,
    first: MISSIONS_STEP,
    cancelledKey: 'pledge:edit.cancelled',
    steps: missionSteps<MissionHolder>(async (ctx, form) => {
      if (ctx.user) await deps.missions.save(ctx.user.key, form.missions ? pledgeFromForm(form.missions) : null);
      await ctx.reply(ctx.t('pledge:edit.saved'));
      await show(ctx, false);
      return { type: 'finish' };
    }, deps.now),
  };

  composer.callbackQuery(MISSION_PROFILE.view, async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, false);
  });

  composer.callbackQuery(MISSION_PROFILE.edit, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user || !(await currentVolunteer(ctx, deps.volunteers))) return;
    const pledge = await deps.missions.get(ctx.user.key);
    const form: MissionHolder = pledge ? { missions: formFromPledge(pledge) } : {};
    await ctx.flow.start(MISSIONS_EDIT_FLOW, form as Record<string, unknown>);
  });

  composer.callbackQuery(MISSION_PROFILE.remove, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user) return;
    await deps.missions.save(ctx.user.key, null);
    await ctx.reply(ctx.t('missions:profile.removed'));
    await show(ctx, false);
  });

  return { name: 'mission-profile', composer, flows: [editFlow] };
}
