import { RoleError } from '../../../domain/roles/role-error.ts';
import { asTyped } from '../../../domain/text/persian-text.ts';
import type { StaffServices } from '../../../services/roles/staff-services.ts';
import { REJECT_REASON_MAX_LENGTH } from '../../../services/verification/verification.service.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';

export const REJECT_FLOW = 'verification-reject';

interface RejectForm {
  key: string;
  name: string;
}

/** "Reject": asks for the reason, which the volunteer will read, then rejects. */
export function rejectFlow(
  services: Pick<StaffServices, 'authorization' | 'verification'>,
): FlowDefinition<RejectForm> {
  return {
    name: REJECT_FLOW,
    first: 'reason',
    cancelledKey: 'coordinator:verification.reject_cancelled',
    steps: {
      reason: {
        back: false,
        view: (ctx, data) => ({ text: ctx.t('coordinator:verification.reason_prompt', { name: data.name }) }),
        async handle(ctx, input, data) {
          if (input.kind !== 'text' || [...input.text].length < 3) {
            return { type: 'invalid', key: 'coordinator:verification.reason_short' };
          }
          if ([...input.text].length > REJECT_REASON_MAX_LENGTH) {
            return {
              type: 'invalid',
              key: 'coordinator:verification.reason_long',
              vars: { max: REJECT_REASON_MAX_LENGTH },
            };
          }
          try {
            const actor = await actorFor(ctx, services.authorization);
            const result = await services.verification.reject(actor, data.key, asTyped(input.raw));
            await ctx.reply(
              ctx.t(
                result.outcome === 'done' ? 'coordinator:verification.rejected' : 'coordinator:verification.already',
                {
                  name: data.name,
                },
              ),
            );
          } catch (error) {
            if (!(error instanceof RoleError)) throw error;
            await ctx.reply(ctx.t(error.key));
          }
          return { type: 'finish' };
        },
      },
    },
  };
}
