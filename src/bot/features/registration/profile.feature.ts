import { Composer, InlineKeyboard } from 'grammy';
import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../../domain/volunteers/volunteer-error.ts';
import type { DataErasureService } from '../../../services/volunteers/data-erasure.service.ts';
import { NOTICE_ACTIONS } from '../../../services/volunteers/notice-actions.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import type { FormOutcome } from './navigation.ts';
import { PROFILE, showProfile } from './profile-view.ts';
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
  erasure: DataErasureService;
  registered: RegisteredCheck;
  now: () => Date;
}

export const PAUSE_FLOW = 'pause';

/** A confirmation of "delete my data" is honoured for this long after the first question. */
const ERASE_CONFIRMATION_SECONDS = 600;

/** The volunteer behind the update, or a polite "please register first" when there is none. */
async function currentVolunteer(ctx: BotContext, volunteers: VolunteerService): Promise<Volunteer | undefined> {
  const volunteer = ctx.user ? await volunteers.get(ctx.user.key) : undefined;
  if (!volunteer) await ctx.reply(ctx.t('pledge:errors.not_registered'), { reply_markup: await ctx.mainMenu() });
  return volunteer;
}

/** Runs a pledge change; a refusal (e.g. resuming an ended pledge) is explained instead of failing. */
async function attempt(ctx: BotContext, action: () => Promise<Volunteer>): Promise<Volunteer | undefined> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof VolunteerError)) throw error;
    await ctx.reply(ctx.t(error.key), { reply_markup: await ctx.mainMenu() });
    return undefined;
  }
}

export function profileHooks(deps: ProfileFeatureDeps) {
  return {
    async saveEdit(ctx: BotContext, form: RegistrationForm): Promise<FormOutcome> {
      if (!ctx.user) return { type: 'finish' };
      const key = ctx.user.key;
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
      const key = ctx.user.key;
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

  composer.callbackQuery(PROFILE.resume, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user) return;
    const key = ctx.user.key;
    const resumed = await attempt(ctx, () => volunteers.resume(key));
    if (!resumed) return;
    await ctx.reply(ctx.t('pledge:resume.done'));
    await showProfile(ctx, resumed, now());
  });

  composer.callbackQuery(NOTICE_ACTIONS.stillValid, async (ctx) => {
    if (!ctx.user) return;
    const key = ctx.user.key;
    await ctx.answerCallbackQuery();
    const confirmed = await attempt(ctx, () => volunteers.confirmPledge(key));
    if (confirmed) await ctx.reply(ctx.t('pledge:checkin.thanks'), { reply_markup: await ctx.mainMenu() });
  });

  composer.callbackQuery(PROFILE.withdraw, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!(await currentVolunteer(ctx, volunteers))) return;
    const keyboard = new InlineKeyboard()
      .text(ctx.t('pledge:withdraw.yes'), PROFILE.withdrawConfirmed)
      .row()
      .text(ctx.t('pledge:keep'), PROFILE.keep);
    await ctx.reply(ctx.t('pledge:withdraw.confirm'), { reply_markup: keyboard });
  });

  composer.callbackQuery(PROFILE.withdrawConfirmed, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user) return;
    const key = ctx.user.key;
    const withdrawn = await attempt(ctx, () => volunteers.withdraw(key));
    if (withdrawn) await ctx.reply(ctx.t('pledge:withdraw.done'), { reply_markup: await ctx.mainMenu() });
  });

  composer.callbackQuery(PROFILE.keep, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('pledge:kept') });
    await show(ctx, true);
  });

  // Delete my data: two confirmations, each only valid for a few minutes, then everything about the chat goes.
  composer.callbackQuery(PROFILE.erase, async (ctx) => {
    await ctx.answerCallbackQuery();
    const askedAt = Math.floor(now().getTime() / 1000).toString(36);
    const keyboard = new InlineKeyboard()
      .text(ctx.t('pledge:erase.continue'), `${PROFILE.eraseStep}2:${askedAt}`)
      .row()
      .text(ctx.t('pledge:keep'), PROFILE.keep);
    await ctx.reply(ctx.t('pledge:erase.confirm_1'), { reply_markup: keyboard });
  });

  composer.callbackQuery(new RegExp(`^${PROFILE.eraseStep}([23]):([0-9a-z]+)$`), async (ctx) => {
    const askedAt = Number.parseInt(ctx.match[2] ?? '', 36) * 1000;
    if (!(now().getTime() - askedAt <= ERASE_CONFIRMATION_SECONDS * 1000)) {
      await ctx.answerCallbackQuery({ text: ctx.t('pledge:erase.expired'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (ctx.match[1] === '2') {
      const keyboard = new InlineKeyboard()
        .text(ctx.t('pledge:erase.final'), `${PROFILE.eraseStep}3:${ctx.match[2]}`)
        .row()
        .text(ctx.t('pledge:keep'), PROFILE.keep);
      await ctx.reply(ctx.t('pledge:erase.confirm_2'), { reply_markup: keyboard });
      return;
    }
    if (!ctx.user || !ctx.chat) return;
    const subject = { userKey: ctx.user.key, platform: ctx.platform, chatId: String(ctx.chat.id) };
    await deps.erasure.eraseAll(subject);
    deps.registered.forget(ctx);
    await ctx.reply(ctx.t('pledge:erase.done'), { reply_markup: { remove_keyboard: true } });
    // The goodbye itself was logged; and the session must be deleted, not written back, when the update ends
    // (grammY deletes a session that is null at the end of the update; its type does not say so).
    await deps.erasure.eraseMessageLog(subject);
    (ctx as { session: unknown }).session = null;
  });

  return {
    name: 'profile',
    composer,
    menu: [{ id: 'profile', labelKey: 'pledge:menu.profile', visible: (ctx) => deps.registered.isRegistered(ctx) }],
    flows: [editFlow, pauseFlow],
  };
}
