import { BaseError } from '../../../domain/bases/base-error.ts';
import { matchAnySpecialty, OFFLINE_PLEDGE_HOURS } from '../../../domain/bases/base-people.ts';
import { parseInteger } from '../../../domain/text/persian-text.ts';
import { normalizeMobile } from '../../../domain/validation/mobile.ts';
import { validatePersonName } from '../../../domain/validation/person-name.ts';
import type { BasesServices } from '../../../services/bases/bases-services.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';

export const OFFLINE_MEMBER_FLOW = 'base-offline-member';

export interface OfflineForm {
  baseId: string;
  name?: string;
  specialty?: string;
  phone?: string;
}

/** «افزودن عضو بدون پیام‌رسان»: name, specialty, mobile, hours a month; then the member is stored in the base. */
export function offlineMemberFlow(services: BasesServices): FlowDefinition<OfflineForm> {
  return {
    name: OFFLINE_MEMBER_FLOW,
    first: 'name',
    cancelledKey: 'bases:leader.offline_cancelled',
    steps: {
      name: {
        back: false,
        view: (ctx) => ({ text: ctx.t('bases:leader.offline_name') }),
        handle(_ctx, input, data) {
          const name = input.kind === 'text' ? validatePersonName(input.text) : undefined;
          if (!name?.ok) return { type: 'invalid', key: 'bases:leader.offline_name_invalid' };
          return { type: 'next', step: 'specialty', data: { ...data, name: name.value } };
        },
      },
      specialty: {
        view: (ctx) => ({ text: ctx.t('bases:leader.offline_specialty') }),
        handle(_ctx, input, data) {
          const specialty = input.kind === 'text' ? matchAnySpecialty(input.text) : undefined;
          if (!specialty) return { type: 'invalid', key: 'bases:leader.offline_specialty_unknown' };
          return { type: 'next', step: 'phone', data: { ...data, specialty } };
        },
      },
      phone: {
        view: (ctx) => ({ text: ctx.t('bases:leader.offline_phone') }),
        handle(_ctx, input, data) {
          const phone = input.kind === 'text' ? normalizeMobile(input.text) : null;
          if (!phone) return { type: 'invalid', key: 'bases:leader.offline_phone_invalid' };
          return { type: 'next', step: 'hours', data: { ...data, phone } };
        },
      },
      hours: {
        view: (ctx) => ({ text: ctx.t('bases:leader.offline_hours', OFFLINE_PLEDGE_HOURS) }),
        async handle(ctx, input, data) {
          const hours = input.kind === 'text' ? parseInteger(input.text) : null;
          if (hours === null || hours < OFFLINE_PLEDGE_HOURS.min || hours > OFFLINE_PLEDGE_HOURS.max) {
            return { type: 'invalid', key: 'bases:leader.offline_hours_invalid', vars: OFFLINE_PLEDGE_HOURS };
          }
          try {
            const { name = '', specialty = '', phone = '' } = data;
            const input = { name, specialty, phone, pledgeHours: hours };
            const member = await services.leaders.addOffline(ctx.user?.key ?? '', data.baseId, input);
            const base = await services.bases.get(data.baseId);
            await ctx.reply(ctx.t('bases:leader.offline_added', { name: member.name, base: base?.name ?? '' }));
          } catch (error) {
            if (!(error instanceof BaseError)) throw error;
            await ctx.reply(ctx.t(error.key));
          }
          return { type: 'finish' };
        },
      },
    },
  };
}
