import { hasEnded } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import { holdsSeat } from '../../domain/callups/invitation.ts';
import { widensToNeighbours } from '../../domain/callups/radius.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns } from './callup-context.ts';
import { stopEverything, withdrawUnsentCards } from './cards.ts';
import type { Coordination } from './coordination.service.ts';
import type { CoordinationTools } from './coordination-tools.ts';
import type { Waves } from './waves.service.ts';

/** A running call-up widened to the neighbouring provinces, closed, or called off by its coordinator. */
export function createCallUpChanges(
  ctx: CallUpContext,
  tools: CoordinationTools,
  board: Board,
  waves: Waves,
): Pick<Coordination, 'extend' | 'close' | 'cancel'> {
  return {
    async extend(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.extend');
      if (callUp.status !== 'open' || hasEnded(callUp, ctx.now()) || !widensToNeighbours(callUp)) {
        throw new CallUpError('nothing_to_do', callUp);
      }
      const neighbours = neighborsOf(callUp.province).map((p) => p.code);
      if (callUp.extendedAt !== null || neighbours.length === 0) throw new CallUpError('already_extended', callUp);
      const provinces = [...new Set([...callUp.reachProvinces, ...neighbours])];
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({
        reachProvinces: provinces,
        extendedAt: at,
        updatedAt: at,
      }));
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: 'extended', provinces: neighbours },
      });
      const invited = updated ? await waves.send(updated, { allLagging: true }) : 0;
      board.touch(callUpId);
      return { callUp: updated ?? callUp, provinces: neighbours, invited };
    },

    async close(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.close');
      if (callUp.status === 'cancelled' || callUp.status === 'closed') throw new CallUpError('nothing_to_do', callUp);
      const at = ctx.now();
      const updated = await ctx.callUps.update(callUpId, () => ({ status: 'closed', closedAt: at, updatedAt: at }));
      await withdrawUnsentCards(ctx, callUpId);
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.changed',
        target: callUpId,
        province: callUp.province,
        details: { change: 'closed' },
      });
      board.touch(callUpId);
      return updated ?? callUp;
    },

    async cancel(userKey, callUpId) {
      const callUp = await tools.get(userKey, callUpId, 'callup.cancel');
      if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
      const at = ctx.now();
      // The status first, so that no wave or message starts after the stop below.
      const updated = await ctx.callUps.update(callUpId, () => ({
        status: 'cancelled',
        cancelledAt: at,
        updatedAt: at,
      }));
      await stopEverything(ctx, updated ?? callUp);
      await ctx.audit?.record({
        actor: userKey,
        action: 'callup.cancelled',
        target: callUpId,
        province: callUp.province,
      });
      const invitations = await ctx.answers.listByCallUp(callUpId);
      const told = await tools.broadcast(
        callUp,
        campaigns.cancelled(callUpId),
        invitations.filter((i) => holdsSeat(i) || i.answer === 'waiting'),
        (t) => t('callup:notice.cancelled', { title: callUp.title }),
      );
      board.touch(callUpId);
      return { callUp: updated ?? callUp, told };
    },
  };
}
