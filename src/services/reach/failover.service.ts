/**
 * Failover between a person's reach points for call-up cards. A card whose send failed for good (blocked, chat gone)
 * or waits on a degraded platform goes at once to the next reach point; an immediate call-up's card that reached
 * someone but stayed unanswered for `failoverAfterMs` gets one copy on the next channel. SMS, which costs money, is
 * the last point: used only when no messenger point works, or as that one copy.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { Outbox } from '../../messaging/outbox/outbox-sender.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { CallUpRepository } from '../../persistence/repositories/callup.repository.ts';
import type { CallUpAnswerRepository } from '../../persistence/repositories/callup-answer.repository.ts';
import type { Delivery, DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { SmsMessageRecord, SmsMessageRepository } from '../../persistence/repositories/reach.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { campaigns, priorityOf } from '../callups/callup-context.ts';
import { cardMessage } from '../callups/callup-texts.ts';
import type { PlatformHealth } from './platform-health.ts';
import { pointId, type ReachPoint, type ReachPointsOf } from './reach-points.ts';
import type { SmsChannel } from './sms-channel.ts';

export interface FailoverDeps {
  callUps: Pick<CallUpRepository, 'listLive' | 'get' | 'update'>;
  answers: Pick<CallUpAnswerRepository, 'listByCallUp'>;
  deliveries: Pick<DeliveryRepository, 'listCampaign'>;
  volunteers: Pick<VolunteerRepository, 'get'>;
  outbox: Pick<Outbox, 'enqueue'>;
  sms: SmsChannel | undefined;
  smsMessages: Pick<SmsMessageRepository, 'cardsOf'>;
  health: Pick<PlatformHealth, 'isDegraded' | 'report'>;
  reachPointsOf: ReachPointsOf;
  t: Translate;
  now: () => Date;
  logger: Logger;
  failoverAfterMs: number;
}

/** One try to reach a person for one call-up: on which point, and how it went. */
interface Attempt {
  point: string;
  channel: ReachPoint['channel'];
  state: 'pending' | 'sent' | 'failed';
  sentAt: Date | undefined;
}

/**
 * While no platform is degraded, a call-up is looked at this often at most: its cards that fail for good are moved at
 * once by a nudge, so the sweep only catches copies due after the failover time (a minute late at most) and misses.
 */
const QUIET_SWEEP_MS = 60_000;

/**
 * A call-up's first look waits this long. What it catches (a card failed for good before a restart, its nudge lost)
 * can wait a minute; the first wave's cards, going out meanwhile by the thousand, cannot wait for the database while
 * it reads them all (seconds on FerretDB).
 */
const FIRST_LOOK_AFTER_MS = 60_000;

/** Live call-ups are looked at for this long after their last change; older ones no longer fail over. */
const LIVE_WINDOW_MS = 24 * 3_600_000;

const attemptOf = (d: Delivery): Attempt => ({
  point: d.recipientKey,
  channel: d.platform,
  state: d.state === 'sent' ? 'sent' : d.state === 'queued' || d.state === 'sending' ? 'pending' : 'failed',
  sentAt: d.sentAt,
});

/** A card's copy on another account: the card's id, '>' and that account, so each point gets it once. */
export const copyId = (cardId: string, pointKey: string) => `${cardId}>${pointKey}`;

export interface Failover {
  /** Looks at every live call-up's unanswered cards and fails over those that need it; returns how many moved. */
  sweep(): Promise<number>;
  /** One call-up now (a card of it failed for good). */
  sweepCallUp(callUpId: string): Promise<number>;
}

/** What to do with one unanswered invitation: nothing yet, the next point at once, or one copy after the wait. */
async function decide(deps: FailoverDeps, callUp: CallUp, attempts: readonly Attempt[]) {
  const sent = attempts.filter((a) => a.state === 'sent');
  const pending = attempts.filter((a) => a.state === 'pending');
  for (const attempt of pending) if (!(await deps.health.isDegraded(attempt.channel))) return undefined;
  if (sent.length === 0) return 'next';
  const [first] = sent;
  if (sent.length > 1 || pending.length > 0 || callUp.urgency !== 'immediate' || !first?.sentAt) return undefined;
  return deps.now().getTime() - first.sentAt.getTime() >= deps.failoverAfterMs ? 'copy' : undefined;
}

/** The first point not tried yet whose channel works. */
async function nextPoint(deps: FailoverDeps, invitation: Invitation, attempts: readonly Attempt[]) {
  const volunteer = await deps.volunteers.get(invitation.volunteerKey);
  if (!volunteer) return undefined;
  const tried = new Set(attempts.map((a) => a.point));
  for (const point of await deps.reachPointsOf(volunteer)) {
    if (tried.has(pointId(point))) continue;
    if (point.channel === 'sms' ? !deps.sms : point.key === volunteer.key && !volunteer.reachable) continue;
    if (await deps.health.isDegraded(point.channel)) continue;
    return point;
  }
  return undefined;
}

/** The card on another point: a copy through the outbox on a messenger (its own delivery id), or an SMS. */
async function sendTo(deps: FailoverDeps, callUp: CallUp, invitation: Invitation, point: ReachPoint) {
  const { locale, specialty } = invitation;
  if (point.channel === 'sms') {
    const request = { callUp, volunteerKey: invitation.volunteerKey, phone: point.phone, locale, specialty };
    return (await deps.sms?.sendCard(request)) === 'sent';
  }
  const tr = (key: string, vars?: Record<string, unknown>) => deps.t(locale, key, vars);
  await deps.outbox.enqueue([
    {
      id: copyId(invitation.cardId, point.key),
      campaignId: campaigns.cards(callUp.id),
      campaignKind: 'callup',
      priority: priorityOf(callUp),
      platform: point.channel,
      chatId: point.chatId,
      recipientKey: point.key,
      group: specialty,
      message: outboxMessageOf(cardMessage(tr, locale, callUp, specialty, invitation.card)),
    },
  ]);
  return true;
}

/** Every try to reach each invitation's person: its cards by id (copies carry the card's id before a '>'). */
function attemptsByCard(deliveries: readonly Delivery[]): Map<string, Delivery[]> {
  const byCard = new Map<string, Delivery[]>();
  for (const d of deliveries) {
    const cardId = d.id.split('>')[0] ?? d.id;
    byCard.set(cardId, [...(byCard.get(cardId) ?? []), d]);
  }
  return byCard;
}

const smsAttempt = (sms: SmsMessageRecord): Attempt => ({
  point: `sms:${sms.phone}`,
  channel: 'sms',
  state: sms.state === 'failed' ? 'failed' : sms.state === 'queued' ? 'pending' : 'sent',
  sentAt: sms.at,
});

const noteFailedOver = (deps: FailoverDeps, callUpId: string) =>
  deps.callUps.update(callUpId, (current) => (current.failedOverAt ? {} : { failedOverAt: deps.now() }));

export function createFailover(deps: FailoverDeps): Failover {
  /** When this process last looked at each live call-up. */
  const lastLook = new Map<string, number>();
  const sweepCallUp = async (live: CallUp): Promise<number> => {
    let callUp = live;
    if (callUp.status !== 'open') return 0;
    const byCard = attemptsByCard(await deps.deliveries.listCampaign(campaigns.cards(callUp.id)));
    const smsCards = new Map((await deps.smsMessages.cardsOf(callUp.id)).map((c) => [c.volunteerKey, c]));
    let moved = 0;
    for (const invitation of await deps.answers.listByCallUp(callUp.id)) {
      if (invitation.answer !== 'none' || invitation.withdrawnAt !== null) continue;
      const deliveries = byCard.get(invitation.cardId) ?? [];
      // A cancelled card was called back on purpose (the need filled): nothing to fail over.
      if (deliveries.some((d) => d.state === 'cancelled')) continue;
      const sms = smsCards.get(invitation.volunteerKey);
      const attempts = [...deliveries.map(attemptOf), ...(sms ? [smsAttempt(sms)] : [])];
      if (attempts.length === 0 || !(await decide(deps, callUp, attempts))) continue;
      const point = await nextPoint(deps, invitation, attempts);
      if (!point) continue;
      // Noted before the first copy goes out: from then on the status shows each channel's figures.
      if (!callUp.failedOverAt) callUp = (await noteFailedOver(deps, callUp.id)) ?? callUp;
      if (await sendTo(deps, callUp, invitation, point)) moved += 1;
    }
    if (moved > 0)
      deps.logger.info({ callUpId: callUp.id, moved }, 'call-up cards failed over to the next reach point');
    return moved;
  };

  return {
    async sweep() {
      const now = deps.now().getTime();
      const degraded = (await deps.health.report()).some((channel) => channel.degraded);
      const live = await deps.callUps.listLive(new Date(now - LIVE_WINDOW_MS));
      let moved = 0;
      for (const callUp of live) {
        // Reading a big call-up's cards every 5 s costs the database. While every platform works: once a minute, and
        // while it is younger than the failover time not again after a first look a minute in (that one catches what
        // a restart missed): no copy is due yet, and a card that fails is nudged at once.
        const looked = lastLook.get(callUp.id);
        const age = now - callUp.createdAt.getTime();
        const due =
          looked === undefined
            ? age >= FIRST_LOOK_AFTER_MS
            : age >= deps.failoverAfterMs && now - looked >= QUIET_SWEEP_MS;
        if (!degraded && !due) continue;
        lastLook.set(callUp.id, now);
        moved += await sweepCallUp(callUp);
      }
      for (const id of lastLook.keys()) if (!live.some((c) => c.id === id)) lastLook.delete(id);
      return moved;
    },
    async sweepCallUp(callUpId) {
      const callUp = await deps.callUps.get(callUpId);
      return callUp ? sweepCallUp(callUp) : 0;
    },
  };
}
