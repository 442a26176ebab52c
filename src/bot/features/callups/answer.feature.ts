import { Composer } from 'grammy';
import { type CardAction, parseCardData } from '../../../domain/callups/callback-data.ts';
import type { CallUp } from '../../../domain/callups/callup.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { type Choice, isEta } from '../../../domain/callups/invitation.ts';
import { normalizeInput } from '../../../domain/text/persian-text.ts';
import type { OutgoingMessage } from '../../../messaging/outgoing-message.ts';
import { NO_BUTTONS, replyMarkupOf } from '../../../messaging/reply-markup.ts';
import { sendOutgoing } from '../../../messaging/send-outgoing.ts';
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
import type { Feature } from '../../feature.ts';

/** «۱» coming, «۲» coming late, «۰» can't; after «۲», «۳۰», «۶۰» or «۱۲۰» minutes. */
const NUMBERED = new Map<string, Choice>([
  ['1', 'yes'],
  ['2', 'late'],
  ['0', 'no'],
]);

/**
 * A volunteer answering a card: by button (the card is edited to show the answer, with a way to change it), or by
 * a numbered reply right after a card for clients whose buttons fail. Every tap is checked by the service against
 * the invitation; a forged, foreign or stale one gets a polite alert and changes nothing.
 */
export function createAnswerFeature(answers: Answers): Feature {
  const composer = new Composer<BotContext>();

  /** The card as it should read now, and what to say after it. */
  const afterAnswer = (ctx: BotContext, outcome: AnswerOutcome, askEta: boolean) => {
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
    return { card, followUp, pin, askEta, waiting: outcome.kind === 'waiting' };
  };

  /** `card`: the version of the card pressed; undefined for a typed answer, which answers the live card. */
  const act = async (ctx: BotContext, callUpId: string, action: CardAction, card: number | undefined) => {
    const key = ctx.user!.key;
    // Every word about a drill says so, the short alerts included.
    const saved = (callUp: CallUp) => withDrillBanner(ctx.t, callUp, ctx.t('callup:toast.saved'));
    switch (action.kind) {
      case 'change': {
        const { callUp, invitation } = await answers.check(key, callUpId, card);
        const toast = withDrillBanner(ctx.t, callUp, ctx.t('callup:toast.change'));
        return {
          card: cardMessage(ctx.t, ctx.locale, callUp, invitation.specialty, invitation.card),
          followUp: undefined,
          pin: undefined,
          askEta: false,
          waiting: false,
          toast,
        };
      }
      case 'reconfirm': {
        const { callUp } = await answers.reconfirm(key, callUpId, action.coming);
        const text = withDrillBanner(
          ctx.t,
          callUp,
          action.coming ? ctx.t('callup:reconfirm.thanks') : ctx.t('callup:reconfirm.released'),
        );
        return { card: { text }, followUp: undefined, pin: undefined, askEta: false, waiting: false, toast: text };
      }
      case 'late': {
        const outcome = await answers.answer(key, callUpId, 'late', null, card);
        // Only a held seat has a delay to ask about; on the waiting list the list is all there is to say.
        return { ...afterAnswer(ctx, outcome, outcome.kind === 'confirmed'), toast: saved(outcome.callUp) };
      }
      case 'eta': {
        const outcome = await answers.answer(key, callUpId, 'late', action.minutes, card);
        return { ...afterAnswer(ctx, outcome, false), toast: saved(outcome.callUp) };
      }
      default: {
        const outcome = await answers.answer(key, callUpId, action.kind, null, card);
        return { ...afterAnswer(ctx, outcome, false), toast: saved(outcome.callUp) };
      }
    }
  };
  /** A refusal, marked as a drill's when it is about one. */
  const refusal = (ctx: BotContext, error: CallUpError) => withDrillBanner(ctx.t, error, ctx.t(error.key));

  /** An older card loses its buttons; one too old to edit (or gone) keeps them, and its presses are refused. */
  const retireCard = async (ctx: BotContext, chatId: number, messageId: number) => {
    await ctx.api
      .editMessageReplyMarkup(chatId, messageId, { reply_markup: NO_BUTTONS })
      .catch((error: unknown) => ctx.logger.info({ err: error, messageId }, 'an older call-up card kept its buttons'));
  };

  composer.callbackQuery(/^cu:/, async (ctx) => {
    const parsed = parseCardData(ctx.callbackQuery.data);
    if (!parsed || !ctx.user) {
      await ctx.answerCallbackQuery({ text: ctx.t('callup:errors.unknown'), show_alert: true });
      return;
    }
    try {
      const { card, followUp, pin, toast } = await act(ctx, parsed.callUpId, parsed.action, parsed.card);
      await ctx.answerCallbackQuery({ text: toast });
      const message = ctx.callbackQuery.message;
      if (message) {
        await ctx.api.editMessageText(message.chat.id, message.message_id, card.text, {
          reply_markup: replyMarkupOf(card) ?? NO_BUTTONS,
        });
      }
      if (followUp) await ctx.reply(followUp);
      if (pin && message) await sendOutgoing(ctx.api, message.chat.id, pin);
    } catch (error) {
      if (!(error instanceof CallUpError)) throw error;
      ctx.logger.info({ code: error.code, data: ctx.callbackQuery.data }, 'call-up button refused');
      await ctx.answerCallbackQuery({ text: refusal(ctx, error), show_alert: true });
      const message = ctx.callbackQuery.message;
      // A card replaced by a reminder keeps its buttons until pressed: editing every older card when the reminders
      // go out would cost as many calls as the reminders themselves.
      if (error.code === 'superseded' && message) await retireCard(ctx, message.chat.id, message.message_id);
    }
  });

  composer.on('message:text', async (ctx, next) => {
    const text = normalizeInput(ctx.message.text);
    const choice = NUMBERED.get(text);
    const eta = Number(text);
    if ((!choice && !isEta(eta)) || !ctx.user) return next();
    const callUpId = await answers.lastCard(ctx.user.key);
    if (!callUpId) return next();
    try {
      const action: CardAction = choice
        ? choice === 'late'
          ? { kind: 'late' }
          : { kind: choice }
        : { kind: 'eta', minutes: eta as 30 | 60 | 120 };
      // The reply is a new card, so it becomes the one live card and the previous one loses its buttons.
      const replaced = await answers.replaceCard(ctx.user.key, callUpId);
      const { card, followUp, pin, askEta, waiting } = await act(ctx, callUpId, action, undefined);
      const hint = askEta ? `\n\n${ctx.t('callup:card.eta_reply_hint')}` : '';
      // A typed «۱/۲» that lands on the waiting list gets that one message (with the card's button to change it).
      const single = waiting && followUp !== undefined;
      const sent = await ctx.reply(single ? followUp : `${card.text}${hint}`, { reply_markup: replyMarkupOf(card) });
      await answers.cardSent(ctx.user.key, callUpId, replaced.card, sent.message_id);
      if (replaced.previousMessageId !== undefined) await retireCard(ctx, ctx.chat.id, replaced.previousMessageId);
      if (followUp && !single) await ctx.reply(followUp);
      if (pin) await sendOutgoing(ctx.api, ctx.chat.id, pin);
    } catch (error) {
      if (!(error instanceof CallUpError)) throw error;
      // Not (or no longer) a card to answer: the number was meant for something else.
      if (error.code === 'not_invited' || error.code === 'unknown') return next();
      await ctx.reply(refusal(ctx, error));
    }
  });

  return { name: 'callup-answers', composer };
}
