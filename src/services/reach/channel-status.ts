/**
 * The coordinator's status lines about channels: per channel, how many people a call-up's cards reached and how many
 * of them answered; and a short warning while a platform is degraded. Shown only when there is something to say
 * (cards failed over, people on more than one messenger, or a platform down), so a call-up on one working messenger
 * reads as before and its board refreshes read nothing more.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { Tr } from '../../i18n/index.ts';
import type { DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { SmsMessageRepository } from '../../persistence/repositories/reach.repository.ts';
import { campaigns } from '../callups/callup-context.ts';
import type { PlatformHealth } from './platform-health.ts';

const CHANNEL_ORDER = ['bale', 'telegram', 'sms'] as const;

/**
 * Who each channel reached is read again when more cards went out, else at most this often per call-up (an SMS's
 * state changes outside the outbox): the board refreshes every few seconds while thousands answer.
 */
const REACHED_KEPT_MS = 15_000;

export interface ChannelStatusDeps {
  deliveries: Pick<DeliveryRepository, 'sentIn'>;
  smsMessages: Pick<SmsMessageRepository, 'cardsOf'>;
  health: Pick<PlatformHealth, 'report'>;
  /** A monotonic clock in ms, for how long `reached` is kept. */
  clock?: () => number;
}

/** `sent`: how many of the call-up's cards and copies have gone out, as the board's progress counts them. */
export type ChannelLines = (
  callUp: CallUp,
  invitations: readonly Invitation[],
  sent: number,
  t: Tr,
) => Promise<string[]>;

/** The people each channel reached: a card's sent copy counts for its card's person on the copy's messenger. */
async function readReached(deps: ChannelStatusDeps, callUpId: string, invitations: readonly Invitation[]) {
  const [sent, smsCards] = await Promise.all([
    deps.deliveries.sentIn(campaigns.cards(callUpId)),
    deps.smsMessages.cardsOf(callUpId),
  ]);
  const personOfCard = new Map(invitations.map((i) => [i.cardId, i.volunteerKey]));
  const reached = new Map<string, Set<string>>();
  const note = (channel: string | undefined, person: string | null | undefined) => {
    if (!channel || !person) return;
    reached.set(channel, (reached.get(channel) ?? new Set()).add(person));
  };
  // A copy's delivery id is its card's id, then '>' and the other account; an account key starts with its platform.
  for (const d of sent) note(d.recipientKey.split(':')[0], personOfCard.get(d.id.split('>')[0] ?? d.id));
  for (const card of smsCards) if (card.state === 'sent' || card.state === 'delivered') note('sms', card.volunteerKey);
  return reached;
}

export function createChannelLines(deps: ChannelStatusDeps): ChannelLines {
  const clock = deps.clock ?? (() => performance.now());
  const kept = new Map<string, { reached: Map<string, Set<string>>; at: number; sent: number }>();
  const reachedOf = async (callUpId: string, invitations: readonly Invitation[], sent: number) => {
    const hit = kept.get(callUpId);
    if (hit?.sent === sent && clock() - hit.at < REACHED_KEPT_MS) return hit.reached;
    const at = clock();
    const reached = await readReached(deps, callUpId, invitations);
    for (const [id, entry] of kept) if (at - entry.at >= REACHED_KEPT_MS) kept.delete(id);
    kept.set(callUpId, { reached, at, sent });
    return reached;
  };

  return async (callUp, invitations, sent, t) => {
    const lines: string[] = [];
    const degraded = (await deps.health.report()).filter((h) => h.degraded).map((h) => t(`reach:channel.${h.channel}`));
    if (degraded.length > 0)
      lines.push(t('reach:status.degraded', { platforms: degraded.join(t('common:list_separator')) }));
    const failedOver = Boolean(callUp.failedOverAt);
    if (!failedOver && new Set(invitations.map((i) => i.platform)).size < 2) return lines;
    const reached = await reachedOf(callUp.id, invitations, sent);
    if (reached.size > 1 || (failedOver && reached.size > 0)) {
      const answered = new Set(invitations.filter((i) => i.answer !== 'none').map((i) => i.volunteerKey));
      const perChannel = CHANNEL_ORDER.flatMap((channel) => {
        const people = reached.get(channel);
        if (!people) return [];
        const answers = [...people].filter((p) => answered.has(p)).length;
        return [
          t('reach:status.channel', {
            channel: t(`reach:channel.${channel}`),
            reached: people.size,
            answered: answers,
          }),
        ];
      });
      lines.push(t('reach:status.channels', { lines: perChannel.join(t('common:clause_separator')) }));
    }
    return lines;
  };
}
