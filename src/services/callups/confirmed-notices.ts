import { CallUpError } from '../../domain/callups/callup-error.ts';
import { hasChat } from '../../domain/callups/invitation.ts';
import type { Board } from './board.service.ts';
import type { CallUpContext } from './callup-context.ts';
import type { Coordination } from './coordination.service.ts';
import type { CoordinationTools } from './coordination-tools.ts';

/** What confirmed volunteers are told by their coordinator: a message, or a detail of the call-up that changed. */
export function createConfirmedNotices(
  ctx: CallUpContext,
  tools: CoordinationTools,
  board: Board,
): Pick<Coordination, 'messageConfirmed' | 'update'> {
  return {
    async messageConfirmed(userKey, callUpId, text) {
      const callUp = await tools.get(userKey, callUpId, 'callup.message');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const to = (await tools.holders(callUpId)).filter(hasChat);
      if (to.length === 0) throw new CallUpError('nothing_to_do', callUp);
      const sent = await tools.broadcast(callUp, await tools.nextNotice(callUpId), to, (t) =>
        t('callup:notice.message', { title: callUp.title, text }),
      );
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.messaged',
        target: callUpId,
        province: callUp.province,
        details: { sent },
      });
      return sent;
    },

    async update(userKey, callUpId, field, value) {
      const callUp = await tools.get(userKey, callUpId, 'callup.update');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({ [field]: value, updatedAt: at }));
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: field },
      });
      board.touch(callUpId);
      const to = await tools.holders(callUpId);
      return tools.broadcast(updated ?? callUp, await tools.nextNotice(callUpId), to, (t) =>
        t(`callup:notice.updated_${field}`, { title: callUp.title, value }),
      );
    },
  };
}
