import { InlineKeyboard } from 'grammy';
import { SPECIALTY_GROUPS } from '../../../domain/reference/specialties.ts';
import { coversProvince } from '../../../domain/roles/actor.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import {
  ANNOUNCEMENT_MAX_LENGTH,
  type AnnouncementDraft,
} from '../../../services/announcements/announcement.service.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition, StepOutcome } from '../../flows/flow-engine.ts';
import { ALL, scopeKeyboard } from '../coordinator/province-keyboards.ts';
import { choosableProvinces } from '../reports/scope-picker.ts';

export const ANNOUNCE_FLOW = 'announce';

export interface AnnounceForm {
  province: string | null;
  group: string | null;
  text: string | null;
}

const SEND = 'send';

function draftOf(data: AnnounceForm): AnnouncementDraft {
  return {
    ...(data.province ? { province: data.province } : {}),
    ...(data.group ? { group: data.group } : {}),
    text: data.text ?? '',
  };
}

/** Which of the flow's first two steps to start at: a coordinator of one province has no scope to choose. */
export async function announceFirstStep(ctx: BotContext, services: Pick<StaffServices, 'authorization'>) {
  const actor = await actorFor(ctx, services.authorization);
  return actor.role !== 'admin' && actor.provinces.length <= 1 ? 'group' : 'scope';
}

/**
 * «پیام به داوطلبان»: the scope (for admins and coordinators of several provinces), a profession or everyone, the
 * text, then a preview with the number of recipients and when sending starts; nothing goes out before "send".
 */
export function announceFlow(
  services: Pick<StaffServices, 'authorization' | 'announcements'>,
): FlowDefinition<AnnounceForm> {
  const { authorization, announcements } = services;
  const refused = async (ctx: BotContext, error: unknown): Promise<StepOutcome<AnnounceForm>> => {
    if (!(error instanceof RoleError)) throw error;
    await ctx.reply(ctx.t(error.key));
    return { type: 'finish' };
  };

  return {
    name: ANNOUNCE_FLOW,
    first: 'scope',
    cancelledKey: 'coordinator:announce.cancelled',
    steps: {
      scope: {
        back: false,
        async view(ctx, _data, ui) {
          const actor = await actorFor(ctx, authorization);
          const allKey = actor.role === 'admin' ? 'coordinator:scope.country' : 'coordinator:scope.all_mine';
          return {
            text: ctx.t('coordinator:announce.pick_scope'),
            keyboard: scopeKeyboard(ctx, choosableProvinces(actor), (scope) => ui.data(scope), allKey),
          };
        },
        async handle(ctx, input, data) {
          if (input.kind !== 'choice') return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          const province = input.value === ALL ? null : input.value;
          if (province && !coversProvince(await actorFor(ctx, authorization), province)) {
            return { type: 'invalid', key: 'admin:errors.out_of_scope' };
          }
          return { type: 'next', step: 'group', data: { ...data, province } };
        },
      },
      group: {
        view(ctx, _data, ui) {
          const keyboard = new InlineKeyboard().text(ctx.t('coordinator:announce.everyone'), ui.data(ALL)).row();
          SPECIALTY_GROUPS.forEach((group, i) => {
            if (i > 0 && i % 2 === 0) keyboard.row();
            keyboard.text(group[ctx.locale], ui.data(group.code));
          });
          return { text: ctx.t('coordinator:announce.pick_group'), keyboard };
        },
        handle(_ctx, input, data) {
          if (input.kind !== 'choice') return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          const group = input.value === ALL ? null : input.value;
          if (group && !SPECIALTY_GROUPS.some((g) => g.code === group)) {
            return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
          }
          return { type: 'next', step: 'text', data: { ...data, group } };
        },
      },
      text: {
        view: (ctx) => ({ text: ctx.t('coordinator:announce.write', { max: ANNOUNCEMENT_MAX_LENGTH }) }),
        handle(_ctx, input, data) {
          if (input.kind !== 'text' || input.raw.trim() === '')
            return { type: 'invalid', key: 'coordinator:announce.text_only' };
          if ([...input.raw].length > ANNOUNCEMENT_MAX_LENGTH) {
            return { type: 'invalid', key: 'coordinator:announce.too_long', vars: { max: ANNOUNCEMENT_MAX_LENGTH } };
          }
          // The coordinator's own words, as typed (not normalised): line breaks and digits stay as they wrote them.
          return { type: 'next', step: 'preview', data: { ...data, text: input.raw.trim() } };
        },
      },
      preview: {
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
      },
    },
  };
}
