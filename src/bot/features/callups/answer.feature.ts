import { Composer } from 'grammy';
import { parseCardData } from '../../../domain/callups/callback-data.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { NO_BUTTONS, replyMarkupOf } from '../../../messaging/reply-markup.ts';
import type { QueuedReplies } from '../../../messaging/send-through-outbox.ts';
import type { Answers } from '../../../services/callups/answers.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { actOnCard, refusalText, retireCard, sendTheRest } from './card-actions.ts';
import { answerByText } from './typed-card-reply.ts';

/** A press on a card's button: the card is edited to show the answer, with a way to change it. */
async function answerByButton(
  ctx: BotContext & { callbackQuery: { data: string } },
  answers: Answers,
  replies: QueuedReplies,
) {
  const parsed = parseCardData(ctx.callbackQuery.data);
  if (!parsed || !ctx.user) {
    await ctx.answerCallbackQuery({ text: ctx.t('callup:errors.unknown'), show_alert: true });
    return;
  }
  const message = ctx.callbackQuery.message;
  try {
    const { card, followUp, pin, toast } = await actOnCard(ctx, answers, parsed.callUpId, parsed.action, parsed.card);
    await ctx.answerCallbackQuery({ text: toast });
    if (message) {
      await ctx.api.editMessageText(message.chat.id, message.message_id, card.text, {
        reply_markup: replyMarkupOf(card) ?? NO_BUTTONS,
      });
    }
    await sendTheRest(ctx, replies, followUp, pin);
  } catch (error) {
    if (!(error instanceof CallUpError)) throw error;
    ctx.logger.info({ code: error.code, data: ctx.callbackQuery.data }, 'call-up button refused');
    await ctx.answerCallbackQuery({ text: refusalText(ctx, error), show_alert: true });
    // A card replaced by a reminder keeps its buttons until pressed: editing every older card when the reminders
    // go out would cost as many calls as the reminders themselves.
    if (error.code === 'superseded' && message) await retireCard(ctx, message.chat.id, message.message_id);
  }
}

/**
 * A volunteer answering a card: by button, or by a numbered reply right after a card for clients whose buttons
 * fail. Every answer is checked by the service against the invitation; a forged, foreign or stale one gets a
 * polite refusal and changes nothing.
 */
export function createAnswerFeature(answers: Answers, replies: QueuedReplies): Feature {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^cu:/, (ctx) => answerByButton(ctx, answers, replies));
  composer.on('message:text', (ctx, next) => answerByText(ctx, answers, replies, next));
  return { name: 'callup-answers', composer };
}
