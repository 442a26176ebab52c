import { provinceNames } from '../../../domain/roles/province-names.ts';
import { RoleError } from '../../../domain/roles/role-error.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import type { CoordinatorService } from '../../../services/roles/coordinator.service.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import type { FlowDefinition } from '../../flows/flow-engine.ts';
import { type ProvinceSelection, provincesStep } from '../coordinator/province-keyboards.ts';

export const CHANGE_PROVINCES_FLOW = 'admin-coordinator-provinces';

interface ChangeForm extends ProvinceSelection {
  key: string;
}

/** An admin changes a coordinator's provinces: the current ones are preselected. */
export function changeProvincesFlow(
  coordinators: CoordinatorService,
  authorization: Authorization,
): FlowDefinition<ChangeForm> {
  return {
    name: CHANGE_PROVINCES_FLOW,
    first: 'provinces',
    steps: {
      provinces: provincesStep<ChangeForm>({
        promptKey: 'admin:coordinators.change_prompt',
        async onDone(ctx, data) {
          try {
            const changed = await coordinators.changeProvinces(
              await actorFor(ctx, authorization),
              data.key,
              data.provinces,
            );
            await ctx.reply(
              ctx.t('admin:coordinators.changed', {
                key: changed.key,
                provinces: provinceNames(changed.provinces, ctx.locale),
              }),
            );
          } catch (error) {
            if (!(error instanceof RoleError)) throw error;
            await ctx.reply(ctx.t(error.key));
          }
          return { type: 'finish' };
        },
      }),
    },
  };
}
