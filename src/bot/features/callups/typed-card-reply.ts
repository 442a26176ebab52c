/**
 * A reply typed right after a card, for clients whose buttons fail: «۱/۲/۰» answers it, and after «۲» the minutes
 * late («۴۵»، «یک ساعت»، «۱:۳۰»). Any other number gets the card's own hint rather than the general one.
 */
import type { NextFunction } from 'grammy';
import type { CardAction } from '../../../domain/callups/callback-data.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { type CardReply, readCardReply } from '../../../domain/callups/card-reply.ts';
import { ETA_RANGE, isEta } from '../../../domain/callups/invitation.ts';
import { replyMarkupOf } from '../../../messaging/reply-markup.ts';
import type { QueuedReplies } from '../../../messaging/send-through-outbox.ts';
import type { Answers } from '../../../services/callups/answers.service.ts';
import type { BotContext } from '../../context.ts';
import { actOnCard, refusalText, retireCard, sendTheRest } from './card-actions.ts';

/** The answer a typed reply gives, or the hint to send when the number answers nothing. */
async function actionFor(
  ctx: BotContext,
  answers: Answers,
  callUpId: string,
  reply: CardReply,
): Promise<{ action: CardAction } | { hint: string }> {
  if (reply.kind === 'choice') return { action: { kind: reply.choice } };
  // Minutes answer only a volunteer who said «با تأخیر» (a «۵» before that is a mistyped «۱/۲/۰»).
  const { invitation } = await answers.check(ctx.user!.personKey, callUpId);
  if (invitation.answer !== 'late') {
    return { hint: ctx.t('callup:card.wrong_number', { hint: ctx.t('callup:card.reply_hint') }) };
  }
  if (!isEta(reply.minutes)) return { hint: ctx.t('callup:card.eta_range', ETA_RANGE) };
  return { action: { kind: 'eta', minutes: reply.minutes } };
}

/**
 * Answers the card and sends it again as the one live card, the earlier one losing its buttons; an earlier card in
 * the person's other messenger (an account linked to the same person) is edited there to show the answer.
 */
async function replyWithCard(
  ctx: BotContext,
  { answers, replies }: { answers: Answers; replies: QueuedReplies },
  callUpId: string,
  action: CardAction,
) {
  const key = ctx.user!.personKey;
  const replaced = await answers.replaceCard(key, callUpId);
  const { card, followUp, pin, askEta, waiting } = await actOnCard(ctx, answers, callUpId, action, undefined);
  const hint = askEta ? `\n\n${ctx.t('callup:card.eta_reply_hint')}` : '';
  // A typed «۱/۲» that lands on the waiting list gets that one message (with the card's button to change it).
  const single = waiting && followUp !== undefined;
  const sent = await ctx.reply(single ? followUp : `${card.text}${hint}`, { reply_markup: replyMarkupOf(card) });
  const here = { platform: ctx.platform, chatId: String(ctx.chat!.id) };
  await answers.cardSent(key, callUpId, replaced.card, sent.message_id, here);
  const previous = replaced.previousMessageId;
  if (previous !== undefined) {
    const { platform, chatId } = replaced.previousChat;
    if (platform === here.platform && chatId === here.chatId) await retireCard(ctx, ctx.chat!.id, previous);
    else await answers.retireElsewhere(replaced.previousChat, previous, card);
  }
  await sendTheRest(ctx, replies, single ? undefined : followUp, pin);
}

export async function answerByText(
  ctx: BotContext & { message: { text: string } },
  answers: Answers,
  replies: QueuedReplies,
  next: NextFunction,
): Promise<void> {
  const reply = readCardReply(ctx.message.text);
  if (!reply || !ctx.user) return next();
  const callUpId = await answers.lastCard(ctx.user.personKey);
  if (!callUpId) return next();
  try {
    const outcome = await actionFor(ctx, answers, callUpId, reply);
    if ('hint' in outcome) await ctx.reply(outcome.hint);
    else await replyWithCard(ctx, { answers, replies }, callUpId, outcome.action);
  } catch (error) {
    if (!(error instanceof CallUpError)) throw error;
    // Not (or no longer) a card to answer: the number was meant for something else.
    if (error.code === 'not_invited' || error.code === 'unknown') return next();
    await ctx.reply(refusalText(ctx, error));
  }
}
