import { ANNOUNCEMENT_MAX_LENGTH } from '../../../services/announcements/announcement.service.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { groupStep, scopeStep } from './announce-audience.steps.ts';
import { previewStep } from './announce-preview.step.ts';

export const ANNOUNCE_FLOW = 'announce';

export interface AnnounceForm {
  province: string | null;
  group: string | null;
  text: string | null;
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
  const { authorization } = services;
  return {
    name: ANNOUNCE_FLOW,
    first: 'scope',
    cancelledKey: 'coordinator:announce.cancelled',
    steps: {
      scope: scopeStep(authorization),
      group: groupStep,
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
      preview: previewStep(services),
    },
  };
}
