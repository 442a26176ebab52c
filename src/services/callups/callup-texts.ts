/**
 * Every call-up message, rendered for one reader's language: the volunteer's card and its answered form, the
 * details for confirmed volunteers, notices, and the coordinator's board. Plain text with emoji only, which every
 * client shows (Bale has no HTML in some clients); user-typed parts are isolated so they cannot reorder the line.
 */

import { cardData } from '../../domain/callups/callback-data.ts';
import type { CallUp } from '../../domain/callups/callup.ts';
import { type BoardFigures, type DrillScore, progressBar } from '../../domain/callups/figures.ts';
import { ETA_MINUTES, type Invitation } from '../../domain/callups/invitation.ts';
import type { Locale } from '../../domain/locale.ts';
import { cityName } from '../../domain/reference/cities.ts';
import { getCrisisType, getUrgencyLevel } from '../../domain/reference/crisis-types.ts';
import { getProvince } from '../../domain/reference/provinces.ts';
import { getSpecialty } from '../../domain/reference/specialties.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { Tr } from '../../i18n/index.ts';
import type { CallbackButton, OutgoingMessage } from '../../messaging/outgoing-message.ts';

const URGENCY_ICON = { immediate: '🔴', urgent: '🟠', scheduled: '🔵' } as const;

export const specialtyName = (code: string, locale: Locale) => getSpecialty(code)?.[locale] ?? code;
export const provinceName = (code: string, locale: Locale) => getProvince(code)?.[locale] ?? code;
export const crisisTypeName = (code: string, locale: Locale) => getCrisisType(code)?.[locale] ?? code;
export const urgencyName = (code: string, locale: Locale) => getUrgencyLevel(code)?.[locale] ?? code;

/** Drill messages say so first, every time, so that no one mistakes an exercise for a disaster. */
export function withDrillBanner(t: Tr, callUp: Pick<CallUp, 'drill'>, text: string): string {
  return callUp.drill ? `${t('callup:drill.banner')}\n${text}` : text;
}

export function durationText(t: Tr, hours: number): string {
  return hours % 24 === 0 && hours >= 24
    ? t('callup:duration.days', { count: hours / 24 })
    : t('callup:duration.hours', { count: hours });
}

export function whenText(t: Tr, callUp: Pick<CallUp, 'startsNow' | 'startsAt'>): string {
  return callUp.startsNow ? t('callup:card.now') : t('callup:card.at', { at: callUp.startsAt });
}

export function placeText(t: Tr, locale: Locale, callUp: Pick<CallUp, 'city' | 'province'>): string {
  const city = cityName(callUp.province, callUp.city, locale);
  return t('callup:card.place', { city: isolate(city), province: provinceName(callUp.province, locale) });
}

/** The body every volunteer message about this call-up repeats: what, where, when, for whom (no drill banner). */
function cardBody(t: Tr, locale: Locale, callUp: CallUp, specialty: string): string {
  const header = t('callup:card.header', {
    icon: URGENCY_ICON[callUp.urgency],
    urgency: urgencyName(callUp.urgency, locale),
    type: crisisTypeName(callUp.crisisType, locale),
  });
  return [
    header,
    isolate(callUp.title),
    placeText(t, locale, callUp),
    t('callup:card.when', { when: whenText(t, callUp), duration: durationText(t, callUp.durationHours) }),
    t('callup:card.role', { specialty: specialtyName(specialty, locale) }),
    callUp.description,
  ].join('\n');
}

/** A card-like message: the drill banner (for a drill) first, then the parts. */
const cardText = (t: Tr, callUp: CallUp, ...parts: string[]) => withDrillBanner(t, callUp, parts.join('\n\n'));

/** `card`: the version of the card the buttons go on; a press on any other version is refused. */
export function answerButtons(t: Tr, callUpId: string, card: number): CallbackButton[][] {
  return [
    [{ text: t('callup:card.yes'), data: cardData(callUpId, { kind: 'yes' }, card) }],
    [{ text: t('callup:card.late'), data: cardData(callUpId, { kind: 'late' }, card) }],
    [{ text: t('callup:card.no'), data: cardData(callUpId, { kind: 'no' }, card) }],
  ];
}

export function etaButtons(t: Tr, callUpId: string, card: number): CallbackButton[][] {
  return [
    ETA_MINUTES.map((minutes) => ({
      text: t('callup:card.eta_button', { minutes }),
      data: cardData(callUpId, { kind: 'eta', minutes }, card),
    })),
    [{ text: t('callup:card.back'), data: cardData(callUpId, { kind: 'change' }, card) }],
  ];
}

/** The invitation as it arrives: the card, how to answer without buttons, and the three buttons. */
export function cardMessage(t: Tr, locale: Locale, callUp: CallUp, specialty: string, card: number): OutgoingMessage {
  return {
    text: cardText(t, callUp, cardBody(t, locale, callUp, specialty), t('callup:card.reply_hint')),
    buttons: answerButtons(t, callUp.id, card),
  };
}

/** The card after an answer: what was answered, and one button to change it. */
export function answeredCard(t: Tr, locale: Locale, callUp: CallUp, invitation: Invitation): OutgoingMessage {
  return {
    text: cardText(t, callUp, cardBody(t, locale, callUp, invitation.specialty), answerLine(t, invitation)),
    buttons: [[{ text: t('callup:card.change'), data: cardData(callUp.id, { kind: 'change' }, invitation.card) }]],
  };
}

/** The card while a late volunteer picks their delay. */
export function etaCard(t: Tr, locale: Locale, callUp: CallUp, invitation: Invitation): OutgoingMessage {
  return {
    text: cardText(t, callUp, cardBody(t, locale, callUp, invitation.specialty), t('callup:card.eta_question')),
    buttons: etaButtons(t, callUp.id, invitation.card),
  };
}

export function answerLine(t: Tr, invitation: Pick<Invitation, 'answer' | 'etaMinutes'>): string {
  switch (invitation.answer) {
    case 'yes':
      return t('callup:answered.yes');
    case 'late':
      return invitation.etaMinutes === null
        ? t('callup:answered.late_unknown')
        : t('callup:answered.late', { minutes: invitation.etaMinutes });
    case 'no':
      return t('callup:answered.no');
    case 'waiting':
      return t('callup:answered.waiting');
    case 'none':
      return t('callup:answered.none');
  }
}

/** Sent only to confirmed volunteers: where to go and whom to call. */
export function confirmedDetails(t: Tr, callUp: CallUp): string {
  return withDrillBanner(t, callUp, detailLines(t, callUp));
}

/** A volunteer moved up from the waiting list: the good news, then the same details. */
export function promotedText(t: Tr, callUp: CallUp, specialty: string, locale: Locale): string {
  return cardText(
    t,
    callUp,
    t('callup:promoted', { specialty: specialtyName(specialty, locale) }),
    detailLines(t, callUp),
  );
}

function detailLines(t: Tr, callUp: CallUp): string {
  return [
    t('callup:confirmed.thanks'),
    t('callup:confirmed.meeting_point', { place: callUp.meetingPoint }),
    t('callup:confirmed.contact', { contact: isolate(callUp.contact) }),
  ].join('\n');
}

/**
 * Where to go as a map pin, sent after the details to those coming: the meeting point's (a base), else the
 * incident's place; its words (the coordinates) go only where the platform refuses pins. Undefined for a call-up
 * with neither.
 */
export function confirmedPin(t: Tr, callUp: CallUp): OutgoingMessage | undefined {
  const place = callUp.meetingPin ?? callUp.location;
  if (!place) return undefined;
  const { latitude, longitude } = place;
  // Latin digits, as map apps take them when copied; isolated so a right-to-left line keeps "lat, lon" in order.
  const point = isolate(`${latitude.toFixed(5)}, ${longitude.toFixed(5)}`);
  const text = t('callup:confirmed.location', { point });
  return { text: withDrillBanner(t, callUp, text), location: { latitude, longitude } };
}

export const standbyText = (t: Tr, callUp: CallUp, specialty: string, locale: Locale) =>
  withDrillBanner(t, callUp, t('callup:standby', { specialty: specialtyName(specialty, locale) }));

export const declinedText = (t: Tr, callUp: CallUp) => withDrillBanner(t, callUp, t('callup:declined'));

/** The reminder sent once to those who have not answered, with the same buttons. */
export function reminderMessage(
  t: Tr,
  locale: Locale,
  callUp: CallUp,
  specialty: string,
  card: number,
): OutgoingMessage {
  return {
    text: cardText(
      t,
      callUp,
      t('callup:reminder.lead'),
      cardBody(t, locale, callUp, specialty),
      t('callup:card.reply_hint'),
    ),
    buttons: answerButtons(t, callUp.id, card),
  };
}

/** A day before a planned start: still coming? */
export function reconfirmMessage(t: Tr, locale: Locale, callUp: CallUp, specialty: string): OutgoingMessage {
  return {
    text: cardText(
      t,
      callUp,
      t('callup:reconfirm.question', { at: callUp.startsAt }),
      cardBody(t, locale, callUp, specialty),
    ),
    buttons: [
      [{ text: t('callup:reconfirm.yes'), data: cardData(callUp.id, { kind: 'reconfirm', coming: true }) }],
      [{ text: t('callup:reconfirm.no'), data: cardData(callUp.id, { kind: 'reconfirm', coming: false }) }],
    ],
  };
}

export function boardText(
  t: Tr,
  locale: Locale,
  callUp: CallUp,
  figures: BoardFigures,
  sending: { sent: number; total: number; blocked: number; failed: number; cancelled: number },
): string {
  const lines = [
    t('callup:board.title', {
      title: isolate(callUp.title),
      type: crisisTypeName(callUp.crisisType, locale),
      status: t(`callup:board.status.${callUp.status}`),
    }),
    placeText(t, locale, callUp),
    // While the first wave is being queued the total is still growing: «۰ از ۰» would say nobody is asked.
    callUp.firstWave === 'queuing'
      ? t('callup:board.preparing', { sent: sending.sent })
      : t('callup:board.sending', {
          bar: progressBar(sending.sent, sending.total),
          sent: sending.sent,
          total: sending.total,
        }),
  ];
  for (const need of figures.needs) {
    lines.push(
      t(need.confirmed >= need.need ? 'callup:board.need_met' : 'callup:board.need', {
        specialty: specialtyName(need.specialty, locale),
        confirmed: need.confirmed,
        need: need.need,
      }),
    );
  }
  lines.push(
    t('callup:board.answers', { declined: figures.declined, waiting: figures.waiting, none: figures.noAnswer }),
  );
  if (sending.blocked + sending.failed > 0) {
    lines.push(t('callup:board.undelivered', { blocked: sending.blocked, failed: sending.failed }));
  }
  if (callUp.extendedAt) lines.push(t('callup:board.extended'));
  return withDrillBanner(t, callUp, lines.join('\n'));
}

export function drillScoreText(t: Tr, locale: Locale, callUp: CallUp, score: DrillScore): string {
  const lines = [t('callup:drill.score_title', { title: isolate(callUp.title) })];
  for (const s of score.specialties) {
    lines.push(
      s.minutesToFill === null
        ? t('callup:drill.not_filled', {
            specialty: specialtyName(s.specialty, locale),
            confirmed: s.confirmed,
            need: s.need,
          })
        : t('callup:drill.filled_in', { specialty: specialtyName(s.specialty, locale), minutes: s.minutesToFill }),
    );
  }
  lines.push(
    t('callup:drill.answer_rate', {
      answered: score.answered,
      invited: score.invited,
      percent: score.answerRate === null ? 0 : Math.round(score.answerRate * 100),
    }),
  );
  for (const p of score.provinces) {
    lines.push(
      t('callup:drill.province', {
        province: provinceName(p.province, locale),
        invited: p.invited,
        answered: p.answered,
        confirmed: p.confirmed,
      }),
    );
  }
  return withDrillBanner(t, callUp, lines.join('\n'));
}
