import { InlineKeyboard } from 'grammy';
import { SPECIALTY_GROUPS } from '../../../domain/reference/specialties.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { AnnouncementDraft } from '../../../services/announcements/announcement.service.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowStep, StepOutcome } from '../../flows/flow-engine.ts';
import type { AnnounceForm } from './announce.flow.ts';

const SEND = 'send';

/** The preview (scope, profession, recipients, when sending starts) and «ارسال», which queues it. */
export function previewStep({
  authorization,
  announcements,
}: Pick<StaffServices, 'authorization' | 'announcements'>): FlowStep<AnnounceForm> {
  return {
    async view(ctx, data, ui) {
      const actor = await actorFor(ctx, authorization);
      const preview = await announcements.preview(actor, draftOf(data)).catch((error: unknown) => {
        if (error instanceof RoleError) return undefined;
        throw error;
      });
      const scope = data.province
        ? provinceNames([data.province], ctx.locale)
        : actor.role === 'admin'
          ? ctx.t('coordinator:scope.country')
          : provinceNames(actor.provinces, ctx.locale);
      const group = data.group
        ? (SPECIALTY_GROUPS.find((g) => g.code === data.group)?.[ctx.locale] ?? data.group)
        : ctx.t('coordinator:announce.everyone');
      const when = !preview?.deferred
        ? ctx.t('coordinator:announce.when_now')
        : ctx.t('coordinator:announce.when_morning', { at: preview.sendAt });
      return {
        text: ctx.t('coordinator:announce.preview', {
          scope,
          group,
          count: preview?.recipients ?? 0,
          when,
          message: ctx.t('coordinator:announce.message', { text: data.text }),
        }),
        keyboard: new InlineKeyboard().text(ctx.t('coordinator:announce.send'), ui.data(SEND)),
      };
    },
    async handle(ctx, input, data) {
      if (input.kind !== 'choice' || input.value !== SEND) {
        return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
      }
      try {
        const user = ctx.user!;
        const sent = await announcements.send(await actorFor(ctx, authorization), draftOf(data), {
          platform: user.platform,
          chatId: user.chatId,
          locale: ctx.locale,
        });
        await ctx.reply(
          sent.deferred
            ? ctx.t('coordinator:announce.queued_morning', { count: sent.recipients, at: sent.sendAt })
            : ctx.t('coordinator:announce.queued', { count: sent.recipients }),
          { reply_markup: await ctx.mainMenu() },
        );
      } catch (error) {
        return refused(ctx, error);
      }
      return { type: 'finish' };
    },
  };
}

function draftOf(data: AnnounceForm): AnnouncementDraft {
  return {
    ...(data.province ? { province: data.province } : {}),
    ...(data.group ? { group: data.group } : {}),
    text: data.text ?? '',
  };
}

/** A refusal (the sender lost the role meanwhile) ends the flow with its reason. */
async function refused(ctx: BotContext, error: unknown): Promise<StepOutcome<AnnounceForm>> {
  if (!(error instanceof RoleError)) throw error;
  await ctx.reply(ctx.t(error.key));
  return { type: 'finish' };
}
