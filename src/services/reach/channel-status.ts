/**
 * The coordinator's status lines about channels: per channel, how many people a call-up's cards reached and how many
 * of them answered; and a short warning while a platform is degraded. Shown only when there is something to say
 * (cards failed over, or a platform down), so a call-up on one working messenger reads as before.
 */
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { Tr } from '../../i18n/index.ts';
import type { DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { SmsMessageRepository } from '../../persistence/repositories/reach.repository.ts';
import { campaigns } from '../callups/callup-context.ts';
import type { PlatformHealth } from './platform-health.ts';

const CHANNEL_ORDER = ['bale', 'telegram', 'sms'] as const;

export interface ChannelStatusDeps {
  deliveries: Pick<DeliveryRepository, 'listCampaign'>;
  smsMessages: Pick<SmsMessageRepository, 'cardsOf'>;
  health: Pick<PlatformHealth, 'report'>;
}

export type ChannelLines = (callUpId: string, invitations: readonly Invitation[], t: Tr) => Promise<string[]>;

export function createChannelLines(deps: ChannelStatusDeps): ChannelLines {
  return async (callUpId, invitations, t) => {
    const [deliveries, smsCards, health] = await Promise.all([
      deps.deliveries.listCampaign(campaigns.cards(callUpId)),
      deps.smsMessages.cardsOf(callUpId),
      deps.health.report(),
    ]);
    const personOfCard = new Map(invitations.map((i) => [i.cardId, i.volunteerKey]));
    // Who each channel reached: a copy's delivery id is its card's id, then '>' and the other account.
    const reached = new Map<string, Set<string>>();
    const note = (channel: string, person: string | null | undefined) => {
      if (!person) return;
      reached.set(channel, (reached.get(channel) ?? new Set()).add(person));
    };
    for (const d of deliveries) if (d.state === 'sent') note(d.platform, personOfCard.get(d.id.split('>')[0] ?? d.id));
    for (const card of smsCards)
      if (card.state === 'sent' || card.state === 'delivered') note('sms', card.volunteerKey);

    const lines: string[] = [];
    const degraded = health.filter((h) => h.degraded).map((h) => t(`reach:channel.${h.channel}`));
    if (degraded.length > 0)
      lines.push(t('reach:status.degraded', { platforms: degraded.join(t('common:list_separator')) }));
    // Cards that went another way than the first (a copy, an SMS): the coordinator should see where.
    const failedOver = smsCards.length > 0 || deliveries.some((d) => d.id.includes('>'));
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
