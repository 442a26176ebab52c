/**
 * Stopping the cards of a call-up not sent yet, when their specialty (or the whole call-up) no longer needs people.
 */
import { type CallUpContext, campaigns } from './callup-context.ts';

/**
 * Cancels the unsent cards of a call-up, or of one specialty, and withdraws their invitations: those people were
 * never asked, so nobody waits for their answer and a later wave may invite them again. A card already on its way
 * (claimed by a sender) may still arrive; its answer is then accepted, since the card's delivery says it was sent.
 */
export async function withdrawUnsentCards(ctx: CallUpContext, callUpId: string, specialty?: string): Promise<void> {
  const campaignId = campaigns.cards(callUpId);
  await ctx.outbox.cancel({ campaignId, ...(specialty === undefined ? {} : { group: specialty }) });
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
