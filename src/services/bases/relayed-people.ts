/** Offline members in a call-up as the call-up side sees them: named through their base, told of through its leaders. */
import { offlineIdOf, offlineKey } from '../../domain/bases/base-people.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { Translate } from '../../i18n/index.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import { specialtyName, withDrillBanner } from '../callups/callup-texts.ts';
import type { RelayedPeople, RelayedPerson, RelayedPromoted } from '../callups/ports.ts';

/** Names the offline members among a call-up's invitation keys, each with the base that relays their answers. */
export function createRelayedPeople(deps: {
  people: Pick<BasePeopleRepository, 'getOfflineMany'>;
  bases: Pick<BaseRepository, 'getMany'>;
}): RelayedPeople {
  return async (keys) => {
    const ids = keys.flatMap((key) => offlineIdOf(key) ?? []);
    const members = await deps.people.getOfflineMany(ids);
    const bases = new Map((await deps.bases.getMany([...new Set(members.map((m) => m.baseId))])).map((b) => [b.id, b]));
    const found = new Map<string, RelayedPerson>();
    for (const member of members) {
      const base = bases.get(member.baseId);
      if (!base) continue;
      found.set(offlineKey(member.id), {
        name: member.name,
        mobile: member.phone,
        province: base.province,
        relayedBy: base.name,
      });
    }
    return found;
  };
}

/** Tells every leader of an offline member's base that the member moved up from the waiting list to a seat. */
export function createRelayedPromoted(deps: {
  people: Pick<BasePeopleRepository, 'getOffline'>;
  bases: Pick<BaseRepository, 'get'>;
  users: Pick<UserRepository, 'get'>;
  chat: SendNow;
  t: Translate;
}): RelayedPromoted {
  return async (callUp, invitation) => {
    const id = offlineIdOf(invitation.volunteerKey);
    const member = id === undefined ? undefined : await deps.people.getOffline(id);
    const base = member && (await deps.bases.get(member.baseId));
    if (!member || !base) return;
    for (const key of base.leaders) {
      const leader = await deps.users.get(key);
      if (!leader) continue;
      const locale = leader.locale ?? callUp.coordinator.locale;
      const tr = (k: string, vars?: Record<string, unknown>) => deps.t(locale, k, vars);
      const text = tr('bases:roster.promoted', {
        title: callUp.title,
        specialty: specialtyName(invitation.specialty, locale),
        name: isolate(member.name),
      });
      await deps.chat.send(
        { platform: leader.platform, chatId: leader.chatId },
        { text: withDrillBanner(tr, callUp, text) },
      );
    }
  };
}
