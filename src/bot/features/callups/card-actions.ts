/** What a volunteer's answer to a card does, and how the card reads afterwards: shared by buttons and typed replies. */
import type { CardAction } from '../../../domain/callups/callback-data.ts';
import type { CallUpError } from '../../../domain/callups/callup-error.ts';
import type { OutgoingMessage } from '../../../messaging/outgoing-message.ts';
import { NO_BUTTONS } from '../../../messaging/reply-markup.ts';
import { sendOutgoing } from '../../../messaging/send-outgoing.ts';
import type { QueuedReplies } from '../../../messaging/send-through-outbox.ts';
import type { AnswerOutcome, Answers } from '../../../services/callups/answers.service.ts';
import {
  answeredCard,
  cardMessage,
  confirmedDetails,
  confirmedPin,
  declinedText,
  etaCard,
  standbyText,
  withDrillBanner,
} from '../../../services/callups/callup-texts.ts';
import type { BotContext } from '../../context.ts';

export interface CardUpdate {
  /** The card as it should read now. */
  card: OutgoingMessage;
  /** What to say after it: the details for a new seat, the waiting list, or the thanks for a «no». */
  followUp: string | undefined;
  /** The place as a map pin, after the details of a new seat. */
  pin?: OutgoingMessage | undefined;
  /** The card asks how late they will be. */
  askEta: boolean;
  waiting: boolean;
  /** The short alert a button press gets. */
  toast: string;
}

function afterAnswer(ctx: BotContext, outcome: AnswerOutcome, askEta: boolean): CardUpdate {
  const { callUp, invitation } = outcome;
  const card = askEta
    ? etaCard(ctx.t, ctx.locale, callUp, invitation)
    : answeredCard(ctx.t, ctx.locale, callUp, invitation);
  let followUp: string | undefined;
  let pin: OutgoingMessage | undefined;
  if (outcome.kind === 'confirmed' && outcome.newSeat) {
    followUp = confirmedDetails(ctx.t, callUp);
    pin = confirmedPin(ctx.t, callUp);
  }
  if (outcome.kind === 'waiting') followUp = standbyText(ctx.t, callUp, invitation.specialty, ctx.locale);
  if (outcome.kind === 'declined') followUp = declinedText(ctx.t, callUp);
  // Every word about a drill says so, the short alerts included.
  const toast = withDrillBanner(ctx.t, callUp, ctx.t('callup:toast.saved'));
  return { card, followUp, pin, askEta, waiting: outcome.kind === 'waiting', toast };
}

/** Shows the three answers again, to change one already given. */
async function showAnswers(ctx: BotContext, answers: Answers, callUpId: string, card: number | undefined) {
  const { callUp, invitation } = await answers.check(ctx.user!.personKey, callUpId, card);
  return {
    card: cardMessage(ctx.t, ctx.locale, callUp, invitation.specialty, invitation.card),
    followUp: undefined,
    askEta: false,
    waiting: false,
    toast: withDrillBanner(ctx.t, callUp, ctx.t('callup:toast.change')),
  };
}

async function reconfirm(ctx: BotContext, answers: Answers, callUpId: string, coming: boolean) {
  const { callUp } = await answers.reconfirm(ctx.user!.personKey, callUpId, coming);
  const text = withDrillBanner(ctx.t, callUp, ctx.t(coming ? 'callup:reconfirm.thanks' : 'callup:reconfirm.released'));
  return { card: { text }, followUp: undefined, askEta: false, waiting: false, toast: text };
}

/**
 * Applies one answer. `card`: the version of the card pressed; undefined for a typed answer, which answers the live
 * card. Throws `CallUpError` for a forged, foreign, stale or closed one.
 */
export async function actOnCard(
  ctx: BotContext,
  answers: Answers,
  callUpId: string,
  action: CardAction,
  card: number | undefined,
): Promise<CardUpdate> {
  const key = ctx.user!.personKey;
  switch (action.kind) {
    case 'change':
      return showAnswers(ctx, answers, callUpId, card);
    case 'reconfirm':
      return reconfirm(ctx, answers, callUpId, action.coming);
    case 'late': {
      const outcome = await answers.answer(key, callUpId, 'late', null, card);
      // Only a held seat has a delay to ask about; on the waiting list the list is all there is to say.
      return afterAnswer(ctx, outcome, outcome.kind === 'confirmed');
    }
    case 'eta':
      return afterAnswer(ctx, await answers.answer(key, callUpId, 'late', action.minutes, card), false);
    default:
      return afterAnswer(ctx, await answers.answer(key, callUpId, action.kind, null, card), false);
  }
}

/**
 * What follows the answer shown: its details, then the place's pin; sent, or queued on an instance that is not the
 * platform's sender (see QueuedReplies).
 */
export async function sendTheRest(
  ctx: BotContext,
  replies: QueuedReplies,
  followUp: string | undefined,
  pin: OutgoingMessage | undefined,
): Promise<void> {
  if (!ctx.chat || !ctx.user) return;
  const messages = [...(followUp ? [{ text: followUp }] : []), ...(pin ? [pin] : [])];
  if (replies.queues(ctx.platform)) {
    const to = { platform: ctx.platform, chatId: String(ctx.chat.id) };
    await replies.send(String(ctx.update.update_id), to, ctx.user.key, messages);
    return;
  }
  for (const message of messages) await sendOutgoing(ctx.api, ctx.chat.id, message);
}

/** A refusal, marked as a drill's when it is about one. */
export const refusalText = (ctx: BotContext, error: CallUpError): string =>
  withDrillBanner(ctx.t, error, ctx.t(error.key));

/** An older card loses its buttons; one too old to edit (or gone) keeps them, and its presses are refused. */
export async function retireCard(ctx: BotContext, chatId: number, messageId: number): Promise<void> {
  await ctx.api
    .editMessageReplyMarkup(chatId, messageId, { reply_markup: NO_BUTTONS })
    .catch((error: unknown) => ctx.logger.info({ err: error, messageId }, 'an older call-up card kept its buttons'));
}
