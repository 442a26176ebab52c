/**
 * Stopping what a call-up has queued in the outbox once it is no longer wanted: the cards of a specialty that filled
 * (and their reminders), every card of a call-up that was closed, and everything of one that was called off.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import { type CallUpContext, campaigns } from './callup-context.ts';

/**
 * Cancels the unsent cards of a call-up, or of one specialty, with their reminders, and withdraws the invitations
 * whose card never went out: those people were never asked, so nobody waits for their answer and a later wave may
 * invite them again. A card already on its way (claimed by a sender) may still arrive; its answer is then accepted,
 * since the card's delivery says it was sent.
 */
export async function withdrawUnsentCards(ctx: CallUpContext, callUpId: string, specialty?: string): Promise<void> {
  const campaignId = campaigns.cards(callUpId);
  const group = specialty === undefined ? {} : { group: specialty };
  // A specialty fills while thousands answer, mostly with every card long sent: then no invitation is withdrawn, and
  // the cards are not read again (a full read of the campaign on FerretDB; its progress is kept while settled).
  const before = await ctx.outbox.campaignProgress(campaignId);
  const counts = specialty === undefined ? before.counts : before.groups[specialty]?.counts;
  await ctx.outbox.cancel({ campaignId, ...group });
  await ctx.outbox.cancel({ campaignId: campaigns.reminder(callUpId), ...group });
  if (!counts || counts.queued + counts.sending === 0) return;
  const cancelled = new Set(
    (await ctx.deliveries.listCampaign(campaignId))
      .filter((d) => d.state === 'cancelled' && (specialty === undefined || d.group === specialty))
      .map((d) => d.id),
  );
  if (cancelled.size === 0) return;
  const at = ctx.now();
  for (const invitation of await ctx.answers.listByCallUp(callUpId)) {
    if (invitation.answer !== 'none' || invitation.withdrawnAt !== null || !cancelled.has(invitation.cardId)) continue;
    await ctx.answers.update(callUpId, invitation.volunteerKey, (current) =>
      current.answer === 'none' && current.withdrawnAt === null && current.cardId === invitation.cardId
        ? { withdrawnAt: at }
        : {},
    );
  }
}

/**
 * A call-up called off: besides its cards and reminders, the re-confirmation and every message to the confirmed
 * volunteers still queued are stopped. The cancellation notice is its own campaign and goes out after this.
 */
export async function stopEverything(ctx: CallUpContext, callUp: Pick<CallUp, 'id' | 'notices'>): Promise<void> {
  await withdrawUnsentCards(ctx, callUp.id);
  const notices = Array.from({ length: callUp.notices }, (_, n) => campaigns.notice(callUp.id, n + 1));
  for (const campaignId of [campaigns.reconfirm(callUp.id), ...notices]) await ctx.outbox.cancel({ campaignId });
}
