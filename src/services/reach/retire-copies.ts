/**
 * One live card per person per call-up: once a person answered (on any channel), the copies failover sent to their
 * other messenger accounts show the answer and lose their buttons. Copies exist only in a call-up that failed over
 * (noted on it before the first copy goes out): in any other, an answer costs nothing more here.
 */
import type { Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AnswerOutcome } from '../callups/answers.service.ts';
import { answeredCard } from '../callups/callup-texts.ts';
import { copyId } from './failover.service.ts';
import type { ReachPointsOf } from './reach-points.ts';

export interface RetireCopiesDeps {
  deliveries: Pick<DeliveryRepository, 'get'>;
  /** The person's record says which accounts are theirs (the invitation names only the one it was sent to). */
  volunteers: Pick<VolunteerRepository, 'get'>;
  chat: Pick<SendNow, 'edit'>;
  reachPointsOf: ReachPointsOf;
  t: Translate;
  logger: Logger;
}

export type RetireCopies = (outcome: AnswerOutcome) => Promise<void>;

export function createRetireCopies(deps: RetireCopiesDeps): RetireCopies {
  return async ({ callUp, invitation }) => {
    if (!callUp.failedOverAt) return;
    const person = await deps.volunteers.get(invitation.volunteerKey);
    if (!person?.reachPoints || person.reachPoints.length < 2) return;
    const points = await deps.reachPointsOf(person);
    const others = points.flatMap((p) => (p.channel !== 'sms' && p.key !== invitation.volunteerKey ? [p] : []));
    if (others.length === 0) return;
    const tr = (key: string, vars?: Record<string, unknown>) => deps.t(invitation.locale, key, vars);
    const { text } = answeredCard(tr, invitation.locale, callUp, invitation);
    for (const point of others) {
      const copy = await deps.deliveries.get(copyId(invitation.cardId, point.key));
      if (copy?.state !== 'sent' || copy.sentMessageId === undefined) continue;
      const edited = await deps.chat.edit({ platform: point.channel, chatId: point.chatId }, copy.sentMessageId, {
        text,
      });
      if (!edited) deps.logger.debug({ callUpId: callUp.id }, 'a failover copy could not be retired');
    }
  };
}
