/** What the call-up wizard asks of the bases module: the bases to target, and the preview's counts per base. */
import { basesOf } from '../../domain/bases/target-bases.ts';
import type { CallUpDraft } from '../../domain/callups/callup.ts';
import type { GeoPoint } from '../../domain/geo/geo-point.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { matchesAsMember } from './base-candidates.ts';

export interface BaseCount {
  baseId: string;
  name: string;
  /** Members on a messenger who match now. */
  volunteers: number;
  /** Offline members of a needed specialty, answered for by the leader. */
  offline: number;
}

/** At most this many bases are offered as the meeting point of a call-up to its city (they are buttons). */
const MEETING_CHOICES = 8;

export interface MeetingBase {
  id: string;
  name: string;
  location: GeoPoint;
}

export interface CallUpBases {
  /** The open bases of a province, by name, those of `city` first: what a call-up may target there. */
  openBases(province: string, city?: string): Promise<{ id: string; name: string }[]>;
  /** For a draft to bases: how many of each base's members match, online and offline. */
  countsByBase(
    draft: Pick<CallUpDraft, 'needs' | 'province' | 'urgency' | 'startsAt' | 'target'>,
  ): Promise<BaseCount[]>;
  /** The bases a call-up may meet at: the chosen ones of a call-up to bases, else open bases of its city. */
  meetingBases(draft: Pick<CallUpDraft, 'province' | 'city' | 'target'>): Promise<MeetingBase[]>;
}

export function createCallUpBases(deps: {
  bases: BaseRepository;
  people: BasePeopleRepository;
  volunteers: Pick<VolunteerRepository, 'get'>;
  now: () => Date;
}): CallUpBases {
  return {
    async openBases(province, city) {
      const open = await deps.bases.list({ provinces: [province], status: 'open' });
      const inCity = (b: { city: string }) => (b.city === city ? 0 : 1);
      // A stable sort: by name within each group, as listed.
      return open.sort((a, b) => inCity(a) - inCity(b)).map(({ id, name }) => ({ id, name }));
    },
    async meetingBases(draft) {
      const { bases: chosen } = basesOf(draft);
      const found = chosen
        ? await deps.bases.getMany(chosen)
        : (await deps.bases.list({ provinces: [draft.province], city: draft.city, status: 'open' })).slice(
            0,
            MEETING_CHOICES,
          );
      return found.map(({ id, name, location }) => ({ id, name, location }));
    },
    async countsByBase(draft) {
      const { bases: baseIds = [] } = basesOf(draft);
      const specialties = draft.needs.map((n) => n.specialty);
      const criteria = {
        bases: baseIds,
        specialties,
        provinces: [draft.province],
        urgency: draft.urgency,
        startsAt: draft.startsAt ?? deps.now(),
      };
      const [bases, members, offline] = await Promise.all([
        deps.bases.getMany(baseIds),
        deps.people.membersOf(baseIds),
        deps.people.offlineOf(baseIds),
      ]);
      const volunteers = await Promise.all(members.map((m) => deps.volunteers.get(m.volunteerKey)));
      const matching = members.filter((_m, i) => {
        const v = volunteers[i];
        return v !== undefined && matchesAsMember(v, criteria, deps.now());
      });
      return bases.map((base) => ({
        baseId: base.id,
        name: base.name,
        volunteers: matching.filter((m) => m.baseId === base.id).length,
        offline: offline.filter((o) => o.baseId === base.id && specialties.includes(o.specialty)).length,
      }));
    },
  };
}
