/** What every call-up use case shares: repositories, ports, the clock, and naming of outbox campaigns. */

import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { WaveTimings } from '../../domain/callups/waves.ts';
import type { Locale } from '../../domain/locale.ts';
import { tehranParts } from '../../domain/text/tehran-clock.ts';
import type { Tr, Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { DocumentLock } from '../../persistence/document-lock.ts';
import type { InvitationMirror } from '../../persistence/invitation-mirror.ts';
import { createKeyedSerializer } from '../../persistence/keyed-serializer.ts';
import type { CallUpRepository } from '../../persistence/repositories/callup.repository.ts';
import type { CallUpAnswerRepository } from '../../persistence/repositories/callup-answer.repository.ts';
import { type DeliveryRepository, deliveryId } from '../../persistence/repositories/delivery.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { AnswerOutcome } from './answers.service.ts';
import type { CallUpAccess, CallUpOutbox, CandidateSource, RelayedPeople, RelayedPromoted } from './ports.ts';

export interface CallUpDeps {
  callUps: CallUpRepository;
  answers: CallUpAnswerRepository;
  /**
   * A call-up's invitations as the board, top-ups and the waiting list read them while thousands answer: from memory
   * while this process is alone on the database (see invitation-mirror.ts); the repository's list when absent.
   */
  followedInvitations?: InvitationMirror | undefined;
  volunteers: Pick<VolunteerRepository, 'get' | 'addHoursServed'>;
  candidates: CandidateSource;
  /** The offline members among the people invited, named through their base (the bases module). */
  relayedPeople?: RelayedPeople | undefined;
  /** A relayed person given a seat from the waiting list: their leader is told, as a volunteer would be. */
  relayedPromoted?: RelayedPromoted | undefined;
  outbox: CallUpOutbox;
  /** What became of each delivery: which cards were cancelled unsent, and when a card was really sent. */
  deliveries: Pick<DeliveryRepository, 'listCampaign' | 'sentAt' | 'get'>;
  chat: SendNow;
  access: CallUpAccess;
  audit?: Pick<AuditLog, 'record'> | undefined;
  t: Translate;
  now: () => Date;
  timings: WaveTimings;
  /** Least time between two edits of a coordinator's board. */
  boardIntervalMs: number;
  /**
   * One board render (read the figures, edit the message) at a time per call-up, across every instance: renders that
   * overlap could land in the wrong order and show older figures over newer ones.
   */
  renderLock: DocumentLock;
  logger: Logger;
  /** Extra status lines about the channels the cards went through (services/reach), when several are in use. */
  /** After an answer is recorded, in the background: the person's cards on other channels show it (services/reach). */
  afterAnswer?: ((outcome: AnswerOutcome) => Promise<void>) | undefined;
  /** Most SMS one call-up may text, when SMS is configured (services/reach). */
  smsCap?: number | undefined;
  channelLines?:
    | ((callUp: CallUp, invitations: readonly Invitation[], sent: number, t: Tr) => Promise<string[]>)
    | undefined;
}

export interface CallUpContext extends CallUpDeps {
  followedInvitations: InvitationMirror;
  /**
   * Runs answer handling one at a time per call-up in this process, so two "yes" taps never race for one seat here;
   * across instances the seat's unique `_id` decides.
   */
  lock: <T>(callUpId: string, task: () => Promise<T>) => Promise<T>;
  /** Work an answer starts but does not wait for (withdrawing cards, top-up waves); a failure is logged. */
  later(task: Promise<unknown>): void;
  /** Resolves once the work handed to `later` so far has settled, for a clean stop. */
  settled(): Promise<void>;
  /** Translates for one reader. */
  tr(locale: Locale): (key: string, vars?: Record<string, unknown>) => string;
}

export function createCallUpContext(deps: CallUpDeps): CallUpContext {
  const background = new Set<Promise<unknown>>();
  return {
    ...deps,
    followedInvitations: deps.followedInvitations ?? {
      list: (callUpId) => deps.answers.listByCallUp(callUpId),
      adopt: () => {},
    },
    lock: createKeyedSerializer(),
    later(task) {
      const tracked = task
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'call-up follow-up after an answer failed'))
        .finally(() => background.delete(tracked));
      background.add(tracked);
    },
    async settled() {
      await Promise.all([...background]);
    },
    tr: (locale) => (key, vars) => deps.t(locale, key, vars),
  };
}

/** Outbox campaigns of a call-up: the cards (grouped by specialty), and each later broadcast. */
export const campaigns = {
  cards: (id: string) => `callup:${id}`,
  reminder: (id: string) => `callup:${id}:reminder`,
  reconfirm: (id: string) => `callup:${id}:reconfirm`,
  notice: (id: string, n: number) => `callup:${id}:notice${n}`,
  cancelled: (id: string) => `callup:${id}:cancelled`,
};

/**
 * The delivery id of a volunteer's card: one per call-up and recipient, and a new one for each wave that invites
 * them again after their card was withdrawn (two instances sending the same wave still make one).
 */
export function cardIdOf(callUpId: string, volunteerKey: string, rewave?: number): string {
  const first = deliveryId(campaigns.cards(callUpId), volunteerKey);
  return rewave === undefined ? first : `${first}#w${rewave}`;
}

/** Call-ups created since this are still followed: jobs, boards and the coordinator's list look no further back. */
export function followedSince(now: Date): Date {
  return new Date(now.getTime() - 30 * 86_400_000);
}

/** Lower is sent first; every call-up goes before announcements (100). */
export function priorityOf(callUp: Pick<CallUp, 'urgency' | 'drill'>): number {
  if (callUp.drill) return 30;
  return { immediate: 0, urgent: 10, scheduled: 20 }[callUp.urgency];
}

/** The Jalali month an instant falls in, in Tehran: `1404-07`. */
export function monthKey(at: Date): string {
  const { jy, jm } = tehranParts(at);
  return `${jy}-${String(jm).padStart(2, '0')}`;
}
