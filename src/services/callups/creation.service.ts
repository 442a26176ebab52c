/** Creating a call-up: who may, how many would be reached per specialty, and the first wave. */
import { randomBytes } from 'node:crypto';
import type { CallUp, CallUpDraft, Coordinator } from '../../domain/callups/callup.ts';
import { isDrill } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import type { Board } from './board.service.ts';
import type { CallUpContext } from './callup-context.ts';
import type { Waves } from './waves.service.ts';

export interface Creation {
  /** The provinces this person may create call-ups in (`null`: all); empty when they may not at all. */
  provincesFor(userKey: string): Promise<readonly string[] | null>;
  mayCoordinate(userKey: string): Promise<boolean>;
  /** How many volunteers match each needed specialty now, before anyone is asked. */
  preview(draft: Pick<CallUpDraft, 'needs' | 'province' | 'urgency' | 'startsAt'>): Promise<Map<string, number>>;
  /** Stores the call-up, posts the coordinator's board and queues the first wave; returns how many were invited. */
  create(coordinator: Coordinator, draft: CallUpDraft): Promise<{ callUp: CallUp; invited: number }>;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Eight characters from 36: short enough for callback data, far too many to guess. */
export function newCallUpId(): string {
  return [...randomBytes(8)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export function createCreation(ctx: CallUpContext, board: Board, waves: Waves): Creation {
  return {
    provincesFor: (userKey) => ctx.access.provincesOf(userKey),
    mayCoordinate: (userKey) => ctx.access.mayCoordinate(userKey),

    preview(draft) {
      return waves.matchCounts({
        specialties: draft.needs.map((n) => n.specialty),
        provinces: [draft.province],
        urgency: draft.urgency,
        startsAt: draft.startsAt ?? ctx.now(),
      });
    },

    async create(coordinator, draft) {
      if (!(await ctx.access.authorize(coordinator.key, 'callup.create', draft.province))) {
        throw new CallUpError('forbidden');
      }
      const now = ctx.now();
      const callUp: CallUp = {
        ...draft,
        id: newCallUpId(),
        status: 'open',
        drill: isDrill(draft.crisisType),
        startsAt: draft.startsAt ?? now,
        startsNow: draft.startsAt === null,
        coordinator,
        statusMessageId: null,
        reachProvinces: [draft.province],
        extendedAt: null,
        escalatedAt: null,
        lastWaveAt: null,
        waves: 0,
        specialtyFilledAt: [],
        filledAt: null,
        closedAt: null,
        cancelledAt: null,
        reconfirmAskedAt: null,
        wrapUpSentAt: null,
        attendanceSavedAt: null,
        notices: 0,
        createdAt: now,
        updatedAt: now,
      };
      await ctx.callUps.create(callUp);
      await ctx.audit?.record({
        actor: coordinator.key,
        action: 'callup.created',
        target: callUp.id,
        province: callUp.province,
        details: {
          type: callUp.crisisType,
          urgency: callUp.urgency,
          needed: callUp.needs.map((n) => `${n.specialty}:${n.count}`),
        },
      });
      await board.open(callUp);
      const invited = await waves.send(callUp);
      board.touch(callUp.id);
      return { callUp: (await ctx.callUps.get(callUp.id)) ?? callUp, invited };
    },
  };
}
