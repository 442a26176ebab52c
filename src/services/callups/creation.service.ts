/**
 * Creating a call-up: who may, how many would be reached per specialty, and the confirm, one idempotent step keyed
 * by the preview's draft id (the call-up's own id), so pressing «ارسال» again never makes a second call-up.
 */
import { randomBytes } from 'node:crypto';
import { basesOf } from '../../domain/bases/target-bases.ts';
import { type CallUp, type CallUpDraft, type Coordinator, isDrill } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import { circleOf } from '../../domain/callups/radius.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns } from './callup-context.ts';
import type { FirstWave } from './first-wave.service.ts';
import type { MatchCounts, Waves } from './waves.service.ts';

export interface Creation {
  /** The provinces this person may create call-ups in (`null`: all); empty when they may not at all. */
  provincesFor(userKey: string): Promise<readonly string[] | null>;
  mayCoordinate(userKey: string): Promise<boolean>;
  /** How many volunteers match each needed specialty now (and in each distance ring), before anyone is asked. */
  preview(draft: Pick<CallUpDraft, 'needs' | 'province' | 'urgency' | 'startsAt' | 'target'>): Promise<MatchCounts>;
  /** A fresh draft id for a preview: the id its call-up will have once confirmed. */
  newDraftId(): string;
  /** Most SMS one call-up may text (SMS_MAX_PER_CALLUP), shown in the preview; undefined without SMS. */
  smsCap: number | undefined;
  /**
   * Stores the call-up under the draft id, posts the coordinator's board and queues the first wave (its first cards
   * reach the sender before the rest is written); returns how many were invited. When the draft was confirmed already, nothing is done again:
   * `created` is false and `callUp` is the one it made.
   */
  create(
    coordinator: Coordinator,
    draft: CallUpDraft,
    draftId?: string,
  ): Promise<{ callUp: CallUp; invited: number; created: boolean }>;
  /**
   * The call-up a draft became, if it was confirmed, with its status message as it is now; refused (and audited)
   * for someone who may not coordinate it.
   */
  confirmed(userKey: string, draftId: string): Promise<{ callUp: CallUp; status: OutgoingMessage } | undefined>;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Eight characters from 36: short enough for callback data, far too many to guess. */
export function newCallUpId(): string {
  return [...randomBytes(8)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export function createCreation(
  ctx: CallUpContext,
  board: Board,
  waves: Pick<Waves, 'matchCounts'>,
  firstWave: FirstWave,
): Creation {
  return {
    newDraftId: newCallUpId,
    smsCap: ctx.smsCap,
    provincesFor: (userKey) => ctx.access.provincesOf(userKey),
    mayCoordinate: (userKey) => ctx.access.mayCoordinate(userKey),

    preview(draft) {
      const near = circleOf(draft);
      return waves.matchCounts({
        ...(near ? { near } : {}),
        specialties: draft.needs.map((n) => n.specialty),
        provinces: [draft.province],
        urgency: draft.urgency,
        startsAt: draft.startsAt ?? ctx.now(),
        ...basesOf(draft),
      });
    },

    async create(coordinator, draft, draftId = newCallUpId()) {
      if (!(await ctx.access.authorize(coordinator.key, 'callup.create', draft.province))) {
        throw new CallUpError('forbidden');
      }
      const now = ctx.now();
      const callUp = newCallUp(draft, draftId, coordinator, now, firstWave.lease());
      if (!(await ctx.callUps.create(callUp))) {
        const existing = await ctx.callUps.get(draftId);
        if (!existing) throw new Error(`call-up ${draftId} exists and cannot be read`);
        return { callUp: existing, invited: 0, created: false };
      }
      // Nothing of it is stored yet: what this process keeps of it starts empty rather than read while it fills.
      ctx.followedInvitations.adopt(callUp.id);
      ctx.outbox.adoptCampaign(campaigns.cards(callUp.id));
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
      // The board is posted while the first cards are queued: it reads «preparing» until the whole wave is queued,
      // then counts the cards out. Meanwhile the wave's volunteers are chosen and stored, which is what a crash from
      // then on resumes from.
      const invited = await firstWave.queue(callUp, board.open(callUp));
      board.touch(callUp.id);
      return { callUp: (await ctx.callUps.get(callUp.id)) ?? callUp, invited, created: true };
    },

    async confirmed(userKey, draftId) {
      const callUp = await ctx.callUps.get(draftId);
      if (!callUp) return undefined;
      if (!(await ctx.access.authorize(userKey, 'callup.refresh', callUp.province))) throw new CallUpError('forbidden');
      return { callUp, status: await board.render(callUp) };
    },
  };
}

/** The call-up as stored at its creation: open, its first wave queuing under `lease`, nothing sent yet. */
function newCallUp(
  draft: CallUpDraft,
  id: string,
  coordinator: Coordinator,
  now: Date,
  lease: Pick<CallUp, 'queuingUntil' | 'queuingBy'>,
): CallUp {
  return {
    ...draft,
    id,
    status: 'open',
    drill: isDrill(draft.crisisType),
    startsAt: draft.startsAt ?? now,
    startsNow: draft.startsAt === null,
    coordinator,
    statusMessageId: null,
    reachProvinces: [draft.province],
    extendedAt: null,
    escalatedAt: null,
    // The first wave is under way from the start: the wave timer counts from now.
    lastWaveAt: now,
    waves: 1,
    firstWave: 'queuing',
    ...lease,
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
}
