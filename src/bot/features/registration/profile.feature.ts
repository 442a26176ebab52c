import { Composer } from 'grammy';
import type { IdentityService } from '../../../services/identity/identity.service.ts';
import type { DataErasureService } from '../../../services/volunteers/data-erasure.service.ts';
import { NOTICE_ACTIONS } from '../../../services/volunteers/notice-actions.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { eraseMyData } from './erase-my-data.ts';
import type { FormOutcome } from './navigation.ts';
import { pledgeChanges } from './pledge-changes.ts';
import { attempt, currentVolunteer } from './profile-guards.ts';
import { PROFILE, showProfile } from './profile-view.ts';
import { reachPointsFeature } from './reach-points.ts';
import { type SmsReachDeps, smsReachPointFeature } from './reach-sms.ts';
import type { RegisteredCheck } from './registered-check.ts';
import {
  formFromVolunteer,
  isCardField,
  profileChanges,
  type RegistrationForm,
  STEP_OF_FIELD,
} from './registration-form.ts';
import { PROFILE_EDIT_FLOW } from './registration-steps.ts';
import { type UntilForm, untilFlow } from './until.step.ts';

export interface ProfileFeatureDeps {
  volunteers: VolunteerService;
  identity: IdentityService;
  erasure: DataErasureService;
  registered: RegisteredCheck;
  now: () => Date;
  /** Set when an SMS gateway is configured: the person may add their number as a reach point. */
  smsReach?: SmsReachDeps | undefined;
}

export const PAUSE_FLOW = 'pause';

export function profileHooks(deps: ProfileFeatureDeps) {
  return {
    async saveEdit(ctx: BotContext, form: RegistrationForm): Promise<FormOutcome> {
      if (!ctx.user) return { type: 'finish' };
      const key = ctx.user.personKey;
      const saved = await attempt(ctx, () => deps.volunteers.updateProfile(key, profileChanges(form)));
      if (saved) {
        await ctx.reply(ctx.t('pledge:edit.saved'));
        await showProfile(ctx, saved, deps.now());
      }
      return { type: 'finish' };
    },
  };
}

/** «پروفایل من»: the card, edits through the registration's own questions, pause, resume, withdraw, delete. */
export function createProfileFeature(deps: ProfileFeatureDeps, editFlow: FlowDefinition<RegistrationForm>): Feature {
  const { volunteers, now } = deps;
  const composer = new Composer<BotContext>();

  const pauseFlow: FlowDefinition<UntilForm> = untilFlow({
    name: PAUSE_FLOW,
    keys: 'pledge:pause',
    now,
    async apply(ctx, until) {
      if (!ctx.user || !until) return;
      const key = ctx.user.personKey;
      const paused = await attempt(ctx, () => volunteers.pause(key, until));
      if (paused) await ctx.reply(ctx.t('pledge:pause.done', { date: until }), { reply_markup: await ctx.mainMenu() });
    },
  });

  const show = async (ctx: BotContext, inPlace = false) => {
    const volunteer = await currentVolunteer(ctx, volunteers);
    if (volunteer) await showProfile(ctx, volunteer, now(), inPlace);
  };

  const startEdit = async (ctx: BotContext, field: string) => {
    const volunteer = await currentVolunteer(ctx, volunteers);
    if (!volunteer || !isCardField(field)) return;
    const form = formFromVolunteer(volunteer) as unknown as Record<string, unknown>;
    await ctx.flow.start(PROFILE_EDIT_FLOW, form, STEP_OF_FIELD[field]);
  };

  const startPause = async (ctx: BotContext) => {
    if (await currentVolunteer(ctx, volunteers)) await ctx.flow.start(PAUSE_FLOW);
  };

  composer.callbackQuery(['menu:profile', NOTICE_ACTIONS.change], async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });

  composer.callbackQuery(new RegExp(`^${PROFILE.edit}(\\w+)$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    await startEdit(ctx, ctx.match[1] ?? '');
  });

  composer.callbackQuery([PROFILE.renew, NOTICE_ACTIONS.renew], async (ctx) => {
    await ctx.answerCallbackQuery();
    await startEdit(ctx, 'validUntil');
  });

  composer.callbackQuery([PROFILE.pause, NOTICE_ACTIONS.pause], async (ctx) => {
    await ctx.answerCallbackQuery();
    await startPause(ctx);
  });

  composer.use(pledgeChanges(deps));

  composer.callbackQuery(PROFILE.keep, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('pledge:kept') });
    await show(ctx, true);
  });

  composer.use(eraseMyData(deps));
  composer.use(reachPointsFeature({ ...deps, smsConfigured: deps.smsReach !== undefined }));
  const addSms = deps.smsReach && smsReachPointFeature({ ...deps.smsReach, volunteers });
  if (addSms) composer.use(addSms.composer);

  return {
    name: 'profile',
    composer,
    menu: [{ id: 'profile', labelKey: 'pledge:menu.profile', visible: (ctx) => deps.registered.isRegistered(ctx) }],
    flows: addSms ? [editFlow, pauseFlow, addSms.flow] : [editFlow, pauseFlow],
  };
}
