/**
 * Relays: a call-up reaching a base with offline members who match sends each of its leaders one roster card (the
 * need, and those members); the leader answers for each with one tap. The members are invited like anyone (keyed
 * `offline:<id>`), so a relayed answer takes a seat, waits or declines through the same answers service, and the
 * status counts it. Their invitations have no chat (as an erased volunteer's): nothing a call-up later tells those
 * invited (reminders, the coordinator's notices) is written to anyone for them; only a move up from the waiting list
 * is told, to their leaders (relayed-people.ts).
 */

import { BaseError } from '../../domain/bases/base-error.ts';
import { isRelayed, type OfflineMember, offlineKey } from '../../domain/bases/base-people.ts';
import type { RosterPress } from '../../domain/bases/roster.ts';
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import { targetOf } from '../../domain/callups/target.ts';
import { isWithin } from '../../domain/geo/distance.ts';
import type { Translate } from '../../i18n/index.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { CallUpRepository } from '../../persistence/repositories/callup.repository.ts';
import type { CallUpAnswerRepository } from '../../persistence/repositories/callup-answer.repository.ts';
import type { User, UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { Answers } from '../callups/answers.service.ts';
import { UNANSWERED } from '../callups/wave-cards.ts';
import { rosterMessage } from './roster-texts.ts';

export interface RosterDeps {
  bases: BaseRepository;
  people: BasePeopleRepository;
  users: Pick<UserRepository, 'get'>;
  callUps: Pick<CallUpRepository, 'get'>;
  invitations: Pick<CallUpAnswerRepository, 'invite' | 'update' | 'listByCallUp'>;
  answers: Pick<Answers, 'answer'>;
  chat: SendNow;
  t: Translate;
  now: () => Date;
}

export interface RosterCards {
  /** Invites the matching offline members of the bases a new call-up reaches and sends their leaders the cards. */
  send(callUp: CallUp): Promise<void>;
  /**
   * A leader's press for an offline member of their base: an answer (recorded like the member's own), or «با تأخیر»
   * (the card then offers that member's delays). Returns the roster card as it is now, in the leader's locale.
   */
  relay(leaderKey: string, callUpId: string, offlineId: string, press: RosterPress): Promise<OutgoingMessage>;
}

/**
 * The invitation of an offline member; no card of its own (the roster is the card). Stored with the leader's chat,
 * which the store requires, then left without one (see `send`).
 */
function offlineInvitation(
  callUp: CallUp,
  member: OfflineMember,
  province: string,
  leader: Pick<User, 'platform' | 'chatId' | 'locale'>,
  at: Date,
): Invitation {
  return {
    callUpId: callUp.id,
    volunteerKey: offlineKey(member.id),
    platform: leader.platform,
    chatId: leader.chatId,
    locale: leader.locale ?? callUp.coordinator.locale,
    specialty: member.specialty,
    province,
    verified: false,
    wave: callUp.waves,
    invitedAt: at,
    cardId: `roster:${callUp.id}:${member.id}`,
    card: 0,
    ...UNANSWERED,
  };
}

export function createRosterCards(deps: RosterDeps): RosterCards {
  /** The bases a call-up reaches: those it names, the open ones within its circle, else its province's open ones. */
  const reachedBases = async (callUp: CallUp) => {
    const target = targetOf(callUp);
    if (target.kind === 'bases') return deps.bases.getMany(target.baseIds);
    if (target.kind === 'radius') {
      return (await deps.bases.list({ status: 'open' })).filter((base) => isWithin(base.location, target));
    }
    return deps.bases.list({ provinces: [callUp.province], status: 'open' });
  };

  /** The card for one leader: the base's invited offline members and their answers so far. */
  const cardFor = async (callUp: CallUp, baseId: string, leaderKey: string, askingEta?: string) => {
    const [base, members, invitations] = await Promise.all([
      deps.bases.get(baseId),
      deps.people.offlineOf([baseId]),
      deps.invitations.listByCallUp(callUp.id),
    ]);
    const answers = new Map(invitations.filter(isRelayed).map((i) => [i.volunteerKey, i]));
    const lines = members.flatMap((m) => {
      const answer = answers.get(offlineKey(m.id));
      return answer ? [{ member: m, answer }] : [];
    });
    const locale = (await deps.users.get(leaderKey))?.locale ?? callUp.coordinator.locale;
    return { message: rosterMessage(deps.t, locale, callUp, base?.name ?? '', lines, askingEta) };
  };

  return {
    async send(callUp) {
      const needed = new Set(callUp.needs.map((n) => n.specialty));
      const at = deps.now();
      for (const base of await reachedBases(callUp)) {
        const leaders = (await Promise.all(base.leaders.map((key) => deps.users.get(key)))).filter(
          (u) => u !== undefined,
        );
        const members = (await deps.people.offlineOf([base.id])).filter((m) => needed.has(m.specialty));
        if (leaders.length === 0 || members.length === 0) continue;
        const relay = leaders[0]!;
        const invited = await deps.invitations.invite(
          members.map((m) => offlineInvitation(callUp, m, base.province, relay, at)),
        );
        for (const { volunteerKey } of invited) {
          await deps.invitations.update(callUp.id, volunteerKey, () => ({ chatId: '' }));
        }
        for (const leader of leaders) {
          const { message } = await cardFor(callUp, base.id, leader.key);
          await deps.chat.send({ platform: leader.platform, chatId: leader.chatId }, message);
        }
      }
    },

    async relay(leaderKey, callUpId, offlineId, press) {
      const member = await deps.people.getOffline(offlineId);
      const base = member && (await deps.bases.get(member.baseId));
      if (!member || !base?.leaders.includes(leaderKey)) throw new BaseError('not_leader');
      if (press.kind !== 'ask_eta') {
        const eta = press.kind === 'late' ? press.minutes : null;
        await deps.answers.answer(offlineKey(member.id), callUpId, press.kind, eta);
      }
      const callUp = await deps.callUps.get(callUpId);
      if (!callUp) throw new BaseError('not_found');
      const askingEta = press.kind === 'ask_eta' ? member.id : undefined;
      return (await cardFor(callUp, base.id, leaderKey, askingEta)).message;
    },
  };
}
