import { type CallUp, isRecruiting } from '../../domain/callups/callup.ts';
import { awaitsAnswer, hasChat, type Invitation } from '../../domain/callups/invitation.ts';
import { widensToNeighbours } from '../../domain/callups/radius.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns, priorityOf } from './callup-context.ts';
import { provinceName, reminderMessage, withDrillBanner } from './callup-texts.ts';
import { claimOnce } from './claim-once.ts';
import type { Waves } from './waves.service.ts';

/** Not filled in time: widen to the neighbours, remind those who have not answered, and say so. Once. */
export function createEscalation(
  ctx: CallUpContext,
  board: Board,
  waves: Waves,
): (callUp: CallUp, now: Date) => Promise<void> {
  return async (callUp, now) => {
    const neighbours = neighborsOf(callUp.province).map((p) => p.code);
    let widen = false;
    const updated = await claimOnce(
      ctx,
      callUp.id,
      (current) => current.escalatedAt === null && isRecruiting(current),
      (current) => {
        widen = current.extendedAt === null && neighbours.length > 0 && widensToNeighbours(current);
        return {
          escalatedAt: now,
          ...(widen
            ? { reachProvinces: [...new Set([...current.reachProvinces, ...neighbours])], extendedAt: now }
            : {}),
          updatedAt: now,
        };
      },
    );
    if (!updated) return;
    const silent = await awaitingReminder(ctx, updated);
    if (silent.length > 0) {
      // The reminder is the person's new live card: its version is taken first, and the card before it stops
      // answering once the reminder has gone out (see live-cards.ts).
      const reminded: Invitation[] = [];
      for (const i of silent) {
        // Someone who answered since the list was read is not reminded.
        let due = false;
        const bumped = await ctx.answers.update(callUp.id, i.volunteerKey, (current) => {
          due = awaitsAnswer(current);
          return due ? { remindedAt: now, card: current.card + 1, cardMessageId: null } : {};
        });
        if (bumped && due) reminded.push(bumped);
      }
      await ctx.outbox.enqueue(
        reminded.map((i) => ({
          campaignId: campaigns.reminder(callUp.id),
          campaignKind: 'callup',
          priority: priorityOf(callUp),
          platform: i.platform,
          chatId: i.chatId,
          recipientKey: i.volunteerKey,
          group: i.specialty,
          message: outboxMessageOf(reminderMessage(ctx.tr(i.locale), i.locale, updated, i.specialty, i.card)),
        })),
      );
    }
    const invited = await waves.send(updated, { allLagging: true });
    const t = ctx.tr(callUp.coordinator.locale);
    const where = widen
      ? t('callup:escalation.widened', {
          provinces: neighbours.map((p) => provinceName(p, callUp.coordinator.locale)).join(t('common:list_separator')),
        })
      : t('callup:escalation.not_widened');
    await ctx.chat.send(callUp.coordinator, {
      text: withDrillBanner(
        t,
        callUp,
        t('callup:escalation.notice', { title: callUp.title, where, reminded: silent.length, invited }),
      ),
    });
    ctx.logger.info({ callUpId: callUp.id, widen, reminded: silent.length, invited }, 'call-up escalated');
    board.touch(callUp.id);
  };
}

/**
 * Who the escalation reminds: those still silent in a specialty that is not full yet, whose card did reach them
 * (not the blocked, failed or still queued ones, and not the withdrawn).
 */
async function awaitingReminder(ctx: CallUpContext, callUp: CallUp): Promise<Invitation[]> {
  const [invitations, cards, seats] = await Promise.all([
    ctx.answers.listByCallUp(callUp.id),
    ctx.deliveries.listCampaign(campaigns.cards(callUp.id)),
    ctx.callUps.countSeats(callUp.id),
  ]);
  const sent = new Set(cards.filter((d) => d.state === 'sent').map((d) => d.id));
  const open = new Set(callUp.needs.filter((n) => (seats.get(n.specialty) ?? 0) < n.count).map((n) => n.specialty));
  return invitations.filter(
    (i) => awaitsAnswer(i) && hasChat(i) && !i.remindedAt && open.has(i.specialty) && sent.has(i.cardId),
  );
}
