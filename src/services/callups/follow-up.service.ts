/**
 * What happens to a call-up with time, run by the scheduler with its clock: more waves when answers lag, one
 * escalation when it is not filled in time, the re-confirmation a day before a planned start, and the wrap-up after
 * the event (attendance, and a drill's score).
 */
import { boardData } from '../../domain/callups/callback-data.ts';
import { type CallUp, hasEnded, reconfirmDue } from '../../domain/callups/callup.ts';
import { drillScore } from '../../domain/callups/figures.ts';
import { hasChat, holdsSeat } from '../../domain/callups/invitation.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { Board } from './board.service.ts';
import { type CallUpContext, campaigns, followedSince, priorityOf } from './callup-context.ts';
import { drillScoreText, reconfirmMessage, withDrillBanner } from './callup-texts.ts';
import { claimOnce } from './claim-once.ts';
import { createEscalation } from './escalation.ts';
import type { Waves } from './waves.service.ts';

export interface FollowUp {
  /** Lagging waves and escalations. */
  runWaves(now: Date): Promise<void>;
  runReconfirmations(now: Date): Promise<void>;
  runWrapUps(now: Date): Promise<void>;
}

export function createFollowUp(ctx: CallUpContext, board: Board, waves: Waves): FollowUp {
  const live = (now: Date) => ctx.callUps.listLive(followedSince(now));

  const escalate = createEscalation(ctx, board, waves);

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
          !(await claimOnce(
            ctx,
            callUp.id,
            (current) => reconfirmDue(current, now),
            () => ({ reconfirmAskedAt: now }),
          ))
        ) {
          continue;
        }
        await askToReconfirm(ctx, callUp);
      }
    },

    async runWrapUps(now) {
      for (const callUp of await live(now)) {
        const due = (current: CallUp) => current.wrapUpSentAt === null && hasEnded(current, now);
        if (!due(callUp) || !(await claimOnce(ctx, callUp.id, due, () => ({ wrapUpSentAt: now })))) continue;
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

/** Asks every seat holder with a chat whether they still come (the day before a planned start). */
async function askToReconfirm(ctx: CallUpContext, callUp: CallUp): Promise<void> {
  const seated = (await ctx.answers.listByCallUp(callUp.id)).filter((i) => holdsSeat(i) && hasChat(i));
  for (const i of seated) await ctx.answers.update(callUp.id, i.volunteerKey, () => ({ reconfirm: 'asked' }));
  if (seated.length === 0) return;
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
