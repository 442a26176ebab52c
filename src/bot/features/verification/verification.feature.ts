import { Composer, InlineKeyboard } from 'grammy';
import { PLATFORM_PATTERN } from '../../../domain/platform.ts';
import { getProvince } from '../../../domain/reference/provinces.ts';
import { OTHER_SPECIALTY } from '../../../domain/volunteers/volunteer.ts';
import { groupName, specialtyName, staffCityName } from '../../../services/reports/stats-chart.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { QueueEntry } from '../../../services/verification/verification.service.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile, localDigits } from '../../display.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';
import { PANEL } from '../coordinator/panel.ts';
import { REJECT_FLOW, rejectFlow } from './reject.flow.ts';

export const VERIFY = { ok: 'vf:ok:', no: 'vf:no:' } as const;

const KEY = `((?:${PLATFORM_PATTERN}):\\d{1,15})`;

/** A queue card: who, what, which council number, where. */
export function entryText(ctx: BotContext, e: QueueEntry): string {
  return ctx.t('coordinator:verification.entry', {
    name: e.name,
    mobile: ctx.t(e.mobileVerified ? 'pledge:mobile.verified' : 'pledge:mobile.unverified', {
      mobile: formatMobile(ctx, e.mobile),
    }),
    group: groupName(e.group, ctx.locale),
    specialty:
      e.specialty === OTHER_SPECIALTY && e.specialtyOther
        ? e.specialtyOther
        : specialtyName(e.specialty, ctx.locale, ctx.t),
    body: ctx.t(`registration:licence.body.${e.licenceBody}`, { defaultValue: e.licenceBody }),
    number: localDigits(ctx, e.licenceNumber),
    city: staffCityName(e.province, e.city, ctx.locale, ctx.t),
    province: getProvince(e.province)?.[ctx.locale] ?? e.province,
  });
}

/**
 * The coordinators' verification queue (`/verify`): unverified council numbers of their provinces, oldest first,
 * each with verify / reject buttons. Every button is checked against the volunteer's province in the service.
 */
export function createVerificationFeature(services: StaffServices): Feature {
  const { authorization, verification } = services;
  const composer = new Composer<BotContext>();
  const coordinator = (name: string) => staffOnly(authorization, 'coordinator', name);

  const showQueue = async (ctx: BotContext) => {
    const { entries, more } = await verification.queue(await actorFor(ctx, authorization));
    if (entries.length === 0) {
      await ctx.reply(ctx.t('coordinator:verification.empty'));
      return;
    }
    await ctx.reply(ctx.t('coordinator:verification.title'));
    for (const entry of entries) {
      await ctx.reply(entryText(ctx, entry), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('coordinator:verification.verify'), `${VERIFY.ok}${entry.key}`)
          .text(ctx.t('coordinator:verification.reject'), `${VERIFY.no}${entry.key}`),
      });
    }
    if (more) await ctx.reply(ctx.t('coordinator:verification.more'));
  };
  composer.command('verify', coordinator('verify'), (ctx) => withRoleErrors(ctx, () => showQueue(ctx)));
  composer.callbackQuery(PANEL.verify, coordinator('verify'), async (ctx) => {
    await ctx.answerCallbackQuery();
    await withRoleErrors(ctx, () => showQueue(ctx));
  });

  composer.callbackQuery(new RegExp(`^${VERIFY.ok}${KEY}$`), coordinator('verification.verify'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const result = await verification.verify(await actorFor(ctx, authorization), ctx.match[1]!);
      if (result.outcome === 'already') {
        await ctx.answerCallbackQuery({ text: ctx.t('coordinator:verification.already'), show_alert: true });
        return;
      }
      await ctx.answerCallbackQuery({ text: ctx.t('coordinator:verification.verified_short') });
      const message = ctx.callbackQuery.message;
      const text = `${entryText(ctx, result.entry)}\n\n${ctx.t('coordinator:verification.verified_mark')}`;
      if (message) await ctx.api.editMessageText(message.chat.id, message.message_id, text);
      else await ctx.reply(text);
    }),
  );

  composer.callbackQuery(new RegExp(`^${VERIFY.no}${KEY}$`), coordinator('verification.reject'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const entry = await verification.pending(await actorFor(ctx, authorization), ctx.match[1]!);
      await ctx.answerCallbackQuery();
      await ctx.flow.start(REJECT_FLOW, { key: entry.key, name: entry.name });
    }),
  );

  return { name: 'verification', composer, flows: [rejectFlow(services)] };
}
