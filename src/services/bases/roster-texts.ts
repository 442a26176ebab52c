/** The roster card a base leader gets: the call-up's need, then each invited offline member with their buttons. */
import type { OfflineMember } from '../../domain/bases/base-people.ts';
import { ROSTER_ETA_MINUTES, rosterData, rosterState } from '../../domain/bases/roster.ts';
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { Locale } from '../../domain/locale.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { Translate } from '../../i18n/index.ts';
import type { CallbackButton, OutgoingMessage } from '../../messaging/outgoing-message.ts';
import { specialtyName, withDrillBanner } from '../callups/callup-texts.ts';

interface RosterLine {
  member: OfflineMember;
  answer: Pick<Invitation, 'answer' | 'etaMinutes'>;
}

/**
 * The card; `askingEta` names the member whose row offers the delays instead (the second tap of «با تأخیر»).
 */
export function rosterMessage(
  t: Translate,
  locale: Locale,
  callUp: CallUp,
  baseName: string,
  lines: readonly RosterLine[],
  askingEta?: string,
): OutgoingMessage {
  const tr = (key: string, vars?: Record<string, unknown>) => t(locale, key, vars);
  const needs = callUp.needs.map((n) =>
    tr('bases:roster.need', { specialty: specialtyName(n.specialty, locale), count: n.count }),
  );
  const people = lines.map(({ member, answer }) =>
    tr('bases:roster.person', {
      name: isolate(member.name),
      specialty: specialtyName(member.specialty, locale),
      state: tr(`bases:roster.state.${rosterState(answer.answer)}`, { minutes: answer.etaMinutes }),
    }),
  );
  const text = tr('bases:roster.card', {
    base: baseName,
    title: callUp.title,
    city: callUp.city,
    when: callUp.startsNow ? tr('callup:card.now') : tr('callup:card.at', { at: callUp.startsAt }),
    meeting: callUp.meetingPoint,
    needs: needs.join('\n'),
    people: people.join('\n'),
  });
  const buttons = lines.map(({ member }): CallbackButton[] => {
    const data = (press: Parameters<typeof rosterData>[0]) => rosterData(press, callUp.id, member.id);
    if (member.id === askingEta) {
      return ROSTER_ETA_MINUTES.map((minutes) => ({
        text: tr('bases:roster.eta', { name: member.name, minutes }),
        data: data({ kind: 'late', minutes }),
      }));
    }
    return [
      { text: tr('bases:roster.coming', { name: member.name }), data: data({ kind: 'yes' }) },
      { text: tr('bases:roster.late'), data: data({ kind: 'ask_eta' }) },
      { text: tr('bases:roster.not_coming'), data: data({ kind: 'no' }) },
    ];
  });
  return { text: withDrillBanner(tr, callUp, text), buttons };
}
