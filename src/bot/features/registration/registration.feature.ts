import { Composer } from 'grammy';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../../domain/volunteers/volunteer-error.ts';
import type { IdentityService, MobileCheck } from '../../../services/identity/identity.service.ts';
import type { MissionPledgeService } from '../../../services/missions/mission-pledge.service.ts';
import { NOTICE_ACTIONS } from '../../../services/volunteers/notice-actions.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { pledgeFromForm } from '../missions/mission-form.ts';
import type { FormOutcome } from './navigation.ts';
import type { RegisteredCheck } from './registered-check.ts';
import { formAnswers, type RegistrationForm } from './registration-form.ts';
import { REGISTRATION_FLOW } from './registration-steps.ts';

export interface RegistrationFeatureDeps {
  volunteers: VolunteerService;
  missions: MissionPledgeService;
  identity: IdentityService;
  registered: RegisteredCheck;
  isStaff: (ctx: BotContext) => Promise<boolean>;
  afterRegistered?: ((ctx: BotContext) => Promise<void>) | undefined;
}

/** Starts (or, when one is under way, resumes) a registration; a registered volunteer gets their menu instead. */
async function startRegistration(ctx: BotContext, registered: RegisteredCheck): Promise<void> {
  if (await registered.isRegistered(ctx)) {
    await ctx.reply(ctx.t('registration:already_registered'), { reply_markup: await ctx.mainMenu() });
    return;
  }
  if (ctx.flow.active()?.name === REGISTRATION_FLOW && (await ctx.flow.resume())) return;
  const form: RegistrationForm = { purpose: 'register' };
  await ctx.flow.start(REGISTRATION_FLOW, form as unknown as Record<string, unknown>);
}

/** The hooks registration's steps call at consent and at confirmation. */
export function registrationHooks(deps: Omit<RegistrationFeatureDeps, 'isStaff'>) {
  return {
    async consented(ctx: BotContext): Promise<void> {
      if (!ctx.user) return;
      const { key, platform, chatId } = ctx.user;
      await deps.volunteers.startRegistration({ key, platform, chatId, locale: ctx.locale });
    },
    async checkMobile(ctx: BotContext, mobile: string, verified: boolean): Promise<MobileCheck> {
      if (!ctx.user) return { kind: 'free' };
      return deps.identity.checkMobile(ctx.user.personKey, mobile, verified);
    },
    async link(ctx: BotContext, personKey: string): Promise<boolean> {
      if (!ctx.user) return false;
      const { key, platform, chatId } = ctx.user;
      const person = await deps.identity.link({ kind: 'messenger', platform, key, chatId }, personKey);
      if (!person) return false;
      // From this update on the account acts for the person: the menu below is already theirs.
      ctx.user.personKey = person.key;
      deps.registered.forget(ctx);
      return true;
    },
    async declineLink(ctx: BotContext, personKey: string): Promise<void> {
      if (ctx.user) await deps.identity.declineLink(ctx.user.key, personKey);
    },
    async confirm(ctx: BotContext, form: RegistrationForm): Promise<FormOutcome> {
      const answers = formAnswers(form);
      if (!ctx.user || !answers) return { type: 'invalid', key: 'registration:summary.incomplete' };
      const { key, platform, chatId } = ctx.user;
      let volunteer: Volunteer;
      try {
        volunteer = await deps.volunteers.register({ ...answers, key, platform, chatId, locale: ctx.locale });
        await deps.missions.save(key, form.missions ? pledgeFromForm(form.missions) : null);
      } catch (error) {
        if (!(error instanceof VolunteerError)) throw error;
        await ctx.reply(ctx.t(error.key), { reply_markup: await ctx.mainMenu() });
        return { type: 'finish' };
      }
      deps.registered.registered(ctx, volunteer);
      await ctx.reply(ctx.t('registration:done', { name: isolate(answers.name) }), {
        reply_markup: await ctx.mainMenu(),
      });
      await deps.afterRegistered?.(ctx);
      return { type: 'finish' };
    },
  };
}

/** «ثبت‌نام داوطلب»: the main-menu entry for people not yet registered, and the reminder's "continue" button. */
export function createRegistrationFeature(
  deps: RegistrationFeatureDeps,
  flow: FlowDefinition<RegistrationForm>,
): Feature {
  const composer = new Composer<BotContext>();

  composer.callbackQuery('menu:register', async (ctx) => {
    await ctx.answerCallbackQuery();
    await startRegistration(ctx, deps.registered);
  });

  composer.callbackQuery(NOTICE_ACTIONS.continueRegistration, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startRegistration(ctx, deps.registered);
  });

  return {
    name: 'registration',
    composer,
    menu: [
      {
        id: 'register',
        labelKey: 'registration:menu',
        visible: async (ctx) => !(await deps.registered.isRegistered(ctx)),
      },
    ],
    flows: [flow],
    // A first `/start` leads a newcomer straight to the consent question; the menu's button does the same later.
    afterWelcome: async (ctx) => {
      if (await deps.registered.isRegistered(ctx)) return;
      if (await deps.isStaff(ctx)) return;
      await startRegistration(ctx, deps.registered);
    },
  };
}
