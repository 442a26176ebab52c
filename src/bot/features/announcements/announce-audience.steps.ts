import { InlineKeyboard } from 'grammy';
import { SPECIALTY_GROUPS } from '../../../domain/reference/specialties.ts';
import { coversProvince } from '../../../domain/roles/actor.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowStep } from '../../flows/flow-engine.ts';
import { ALL, scopeKeyboard } from '../coordinator/province-keyboards.ts';
import { choosableProvinces } from '../reports/scope-picker.ts';
import type { AnnounceForm } from './announce.flow.ts';

/** Where the message goes: all of the sender's provinces (the whole country for an admin) or one of them. */
export function scopeStep(authorization: Authorization): FlowStep<AnnounceForm> {
  return {
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
  };
}

/** To whom there: everyone, or one profession. */
export const groupStep: FlowStep<AnnounceForm> = {
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
};
