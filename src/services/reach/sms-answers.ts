/**
 * A person's SMS reply to a call-up card, counted exactly like a button press: the same answer service, rules and
 * once-only processing, the same status update. The reply answers the card texted to that number (the one named by
 * its short code when there are several), and a short SMS says what was recorded.
 */
import { CallUpError } from '../../domain/callups/callup-error.ts';
import type { Locale } from '../../domain/locale.ts';
import { readSmsReply } from '../../domain/sms/sms-reply.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { InboundSms, SmsGateway } from '../../messaging/sms/sms-gateway.ts';
import type { SmsMessageRecord, SmsMessageRepository } from '../../persistence/repositories/reach.repository.ts';
import type { AnswerOutcome, Answers } from '../callups/answers.service.ts';
import { digitsFor } from './sms-card.ts';

/** A numbered reply answers a card texted this recently; the same window as a typed reply in a chat. */
const OPEN_CARD_MS = 6 * 3_600_000;

export interface SmsAnswerDeps {
  gateway: Pick<SmsGateway, 'provider' | 'parseInbound'>;
  messages: Pick<SmsMessageRepository, 'cardsTo' | 'claimInbound'>;
  answers: Pick<Answers, 'answer'>;
  /** The reader's language of a volunteer (their profile's), for the confirmation. */
  localeOf: (volunteerKey: string) => Promise<Locale | undefined>;
  /** Texts one number (a confirmation or a question back), outside any call-up's cap. */
  reply: (phone: string, text: string) => Promise<void>;
  t: Translate;
  now: () => Date;
  logger: Logger;
  defaultLocale: Locale;
}

export type SmsAnswerResult = 'answered' | 'ignored' | 'duplicate' | 'asked' | 'refused';

/** Handles one receive callback of the provider. */
export function createSmsAnswers(deps: SmsAnswerDeps) {
  const { t } = deps;

  const answerCard = async (inbound: InboundSms, card: SmsMessageRecord, locale: Locale, choice: AnswerChoice) => {
    try {
      const outcome = await deps.answers.answer(card.volunteerKey ?? '', card.callUpId ?? '', choice, null);
      await deps.reply(inbound.from, t(locale, 'reach:sms.recorded', { answer: t(locale, answerKey(outcome)) }));
      return 'answered' as const;
    } catch (error) {
      if (!(error instanceof CallUpError)) throw error;
      await deps.reply(inbound.from, t(locale, 'reach:sms.refused', { reason: t(locale, error.key) }));
      return 'refused' as const;
    }
  };

  return async function handleInbound(fields: Record<string, unknown>): Promise<SmsAnswerResult> {
    const inbound = deps.gateway.parseInbound(fields);
    if (!inbound) return 'ignored';
    // A provider may post the same message twice; its id makes the second a no-op.
    if (
      inbound.messageId &&
      !(await deps.messages.claimInbound(`${deps.gateway.provider}:${inbound.messageId}`, deps.now()))
    )
      return 'duplicate';
    const since = new Date(deps.now().getTime() - OPEN_CARD_MS);
    const cards = await deps.messages.cardsTo(inbound.from, since);
    const newest = cards[0];
    if (!newest) {
      deps.logger.info({ provider: deps.gateway.provider }, 'an SMS from a number with no open card ignored');
      return 'ignored';
    }
    const locale = (await deps.localeOf(newest.volunteerKey ?? '')) ?? deps.defaultLocale;
    const reply = readSmsReply(inbound.text);
    if (!reply) {
      await deps.reply(inbound.from, t(locale, 'reach:sms.not_understood'));
      return 'asked';
    }
    const openCallUps = new Set(cards.map((c) => c.callUpId));
    const card = reply.code
      ? cards.find((c) => c.callUpCode === reply.code)
      : openCallUps.size === 1
        ? newest
        : undefined;
    if (!card) {
      const code = digitsFor(locale, newest.callUpCode ?? '');
      await deps.reply(inbound.from, t(locale, 'reach:sms.which_callup', { code }));
      return 'asked';
    }
    return answerCard(inbound, card, locale, reply.choice);
  };
}

type AnswerChoice = Parameters<Answers['answer']>[2];

function answerKey(outcome: AnswerOutcome): string {
  if (outcome.kind === 'waiting') return 'reach:answers.waiting';
  if (outcome.kind === 'declined') return 'reach:answers.no';
  return outcome.invitation.answer === 'late' ? 'reach:answers.late' : 'reach:answers.yes';
}
