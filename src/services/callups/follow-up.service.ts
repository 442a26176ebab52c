/**
 * What happens to a call-up with time, run by the scheduler with its clock: more waves when answers lag, one
 * escalation when it is not filled in time, the re-confirmation a day before a planned start, and the wrap-up after
 * the event (attendance, and a drill's score).
 */
import { boardData } from '../../domain/callups/callback-data.ts';
import { type CallUp, hasEnded, isRecruiting, reconfirmDue } from '../../domain/callups/callup.ts';
import { drillScore } from '../../domain/callups/figures.ts';
import { awaitsAnswer, hasChat, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { CallUpChanges } from '../../persistence/repositories/callup.repository.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns, followedSince, priorityOf } from './callup-context.ts';
import { drillScoreText, provinceName, reconfirmMessage, reminderMessage, withDrillBanner } from './callup-texts.ts';
import type { Waves } from './waves.service.ts';

export interface FollowUp {
  /** Lagging waves and escalations. */
  runWaves(now: Date): Promise<void>;
  runReconfirmations(now: Date): Promise<void>;
  runWrapUps(now: Date): Promise<void>;
}

export function createFollowUp(ctx: CallUpContext, board: Board, waves: Waves): FollowUp {
  const live = (now: Date) => ctx.callUps.listLive(followedSince(now));

  /**
   * Who the escalation reminds: those still silent in a specialty that is not full yet, whose card did reach them
   * (not the blocked, failed or still queued ones, and not the withdrawn).
   */
  const awaitingReminder = async (callUp: CallUp) => {
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
  };

  /**
   * Applies `changes` only while `due` holds for the record as it is now (the job's list may be a few seconds old:
   * filled, closed or cancelled since); true when it did, which makes the step happen once across instances.
   */
  const claim = async (id: string, due: (current: CallUp) => boolean, changes: (current: CallUp) => CallUpChanges) => {
    let claimed = false;
    const updated = await ctx.callUps.update(id, (current) => {
      claimed = due(current);
      return claimed ? changes(current) : {};
    });
    return claimed ? updated : undefined;
  };

  /** Not filled in time: widen to the neighbours, remind those who have not answered, and say so. Once. */
  const escalate = async (callUp: CallUp, now: Date) => {
    const neighbours = neighborsOf(callUp.province).map((p) => p.code);
    let widen = false;
    const updated = await claim(
      callUp.id,
      (current) => current.escalatedAt === null && isRecruiting(current),
      (current) => {
        widen = current.extendedAt === null && neighbours.length > 0;
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
    const silent = await awaitingReminder(updated);
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

  return {
    async runWaves(now) {
      for (const callUp of await live(now)) {
        // A first wave still queuing is the first-wave watch's to finish, not a lagging one.
        if (callUp.status !== 'open' || hasEnded(callUp, now) || callUp.firstWave === 'queuing') continue;
        try {
          const age = now.getTime() - callUp.createdAt.getTime();
          if (callUp.escalatedAt === null && age >= ctx.timings.escalateAfterMs[callUp.urgency]) {
            await escalate(callUp, now);
            continue;
          }
          const since = now.getTime() - (callUp.lastWaveAt ?? callUp.createdAt).getTime();
          if (since >= ctx.timings.lagMs[callUp.urgency]) {
            const invited = await waves.send(callUp, { allLagging: true });
            if (invited > 0) board.touch(callUp.id);
          }
        } catch (error) {
          ctx.logger.error({ err: error, callUpId: callUp.id }, 'call-up follow-up failed');
        }
      }
    },

    async runReconfirmations(now) {
      for (const callUp of await live(now)) {
        if (!reconfirmDue(callUp, now)) continue;
        // Marked first: a crash then sends nothing rather than asking twice.
        if (
          !(await claim(
            callUp.id,
            (current) => reconfirmDue(current, now),
            () => ({ reconfirmAskedAt: now }),
          ))
        ) {
          continue;
        }
        const seated = (await ctx.answers.listByCallUp(callUp.id)).filter((i) => holdsSeat(i) && hasChat(i));
        for (const i of seated) await ctx.answers.update(callUp.id, i.volunteerKey, () => ({ reconfirm: 'asked' }));
        if (seated.length === 0) continue;
        await ctx.outbox.enqueue(
          seated.map((i) => ({
            campaignId: campaigns.reconfirm(callUp.id),
            campaignKind: 'callup',
            priority: priorityOf(callUp),
            platform: i.platform,
            chatId: i.chatId,
            recipientKey: i.volunteerKey,
            message: outboxMessageOf(reconfirmMessage(ctx.tr(i.locale), i.locale, callUp, i.specialty)),
          })),
        );
      }
    },

    async runWrapUps(now) {
      for (const callUp of await live(now)) {
        const due = (current: CallUp) => current.wrapUpSentAt === null && hasEnded(current, now);
        if (!due(callUp) || !(await claim(callUp.id, due, () => ({ wrapUpSentAt: now })))) continue;
        const locale = callUp.coordinator.locale;
        const t = ctx.tr(locale);
        const invitations = await ctx.answers.listByCallUp(callUp.id);
        if (callUp.drill) {
          await ctx.chat.send(callUp.coordinator, {
            text: drillScoreText(t, locale, callUp, drillScore(callUp, invitations)),
          });
        }
        const seated = invitations.filter(holdsSeat).length;
        if (seated > 0) {
          await ctx.chat.send(callUp.coordinator, {
            text: withDrillBanner(t, callUp, t('callup:attendance.prompt', { title: callUp.title, count: seated })),
            buttons: [[{ text: t('callup:board.buttons.attend'), data: boardData(callUp.id, 'attend') }]],
          });
        }
        board.touch(callUp.id);
      }
    },
  };
}
