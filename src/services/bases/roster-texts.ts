/** The roster card a base leader gets: the call-up's need, then each invited offline member with two buttons. */
import type { OfflineMember } from '../../domain/bases/base-people.ts';
import { rosterData, rosterState } from '../../domain/bases/roster.ts';
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Answer } from '../../domain/callups/invitation.ts';
import type { Locale } from '../../domain/locale.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { Translate } from '../../i18n/index.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import { specialtyName, withDrillBanner } from '../callups/callup-texts.ts';

export function rosterMessage(
  t: Translate,
  locale: Locale,
  callUp: CallUp,
  baseName: string,
  invited: readonly { member: OfflineMember; answer: Answer }[],
): OutgoingMessage {
  const tr = (key: string, vars?: Record<string, unknown>) => t(locale, key, vars);
  const needs = callUp.needs.map((n) =>
    tr('bases:roster.need', { specialty: specialtyName(n.specialty, locale), count: n.count }),
  );
  const people = invited.map(({ member, answer }) =>
    tr('bases:roster.person', {
      name: isolate(member.name),
      specialty: specialtyName(member.specialty, locale),
      state: tr(`bases:roster.state.${rosterState(answer)}`),
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
  const buttons = invited.map(({ member }) => [
    { text: tr('bases:roster.coming', { name: member.name }), data: rosterData(true, callUp.id, member.id) },
    { text: tr('bases:roster.not_coming'), data: rosterData(false, callUp.id, member.id) },
  ]);
  return { text: withDrillBanner(tr, callUp, text), buttons };
}
