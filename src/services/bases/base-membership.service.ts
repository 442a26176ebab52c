import type { Base } from '../../domain/bases/base.ts';
import { BaseError } from '../../domain/bases/base-error.ts';
import { distanceKm } from '../../domain/geo/distance.ts';
import type { GeoPoint } from '../../domain/geo/geo-point.ts';
import { matchKey } from '../../domain/text/persian-text.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';

/** As many bases as a keyboard offers at once. */
export const BASE_CHOICES = 6;

export interface BaseMembershipDeps {
  bases: BaseRepository;
  people: BasePeopleRepository;
  now: () => Date;
  /**
   * Tells the call-ups where a member now is through their base (null: in no open base), for those who shared no
   * pin of their own: the nearest-responders module keeps it on the volunteer (services/nearest/base-location.ts).
   */
  placeAtBase?: (volunteerKey: string, baseLocation: GeoPoint | null) => Promise<void>;
}

/** Where a volunteer is, to offer the bases near them. */
export interface Whereabouts {
  province: string;
  city: string;
  /** A pin they shared, when known: the nearest bases come first. */
  point?: GeoPoint | null;
}

/** A volunteer joining a base (one at most), leaving it, and finding the bases to join. */
export function createBaseMembership(deps: BaseMembershipDeps) {
  const { bases, people, now } = deps;
  const openIn = (province: string) => bases.list({ provinces: [province], status: 'open' });

  return {
    /** The open bases to offer: nearest the pin first; without one, their city's first, then the province's. */
    async choicesFor(where: Whereabouts): Promise<Base[]> {
      const open = await openIn(where.province);
      const { point } = where;
      if (point)
        return open
          .sort((a, b) => distanceKm(point, a.location) - distanceKm(point, b.location))
          .slice(0, BASE_CHOICES);
      const inCity = (b: Base) => (matchKey(b.city) === matchKey(where.city) ? 0 : 1);
      return open.sort((a, b) => inCity(a) - inCity(b)).slice(0, BASE_CHOICES);
    },

    /** Open bases of the province whose name or neighbourhood holds the words typed. */
    async search(province: string, text: string): Promise<Base[]> {
      const key = matchKey(text);
      if (key === '') return [];
      const found = (await openIn(province)).filter(
        (b) => matchKey(b.name).includes(key) || matchKey(b.neighbourhood ?? '').includes(key),
      );
      return found.slice(0, BASE_CHOICES);
    },

    /** Puts the volunteer in an open base, leaving any other. */
    async join(volunteerKey: string, baseId: string): Promise<Base> {
      const base = await bases.get(baseId);
      if (!base) throw new BaseError('not_found');
      if (base.status !== 'open') throw new BaseError('closed');
      await people.join({ volunteerKey, baseId, joinedAt: now() });
      await deps.placeAtBase?.(volunteerKey, base.location);
      return base;
    },

    async leave(volunteerKey: string): Promise<boolean> {
      const left = await people.leave(volunteerKey);
      if (left) await deps.placeAtBase?.(volunteerKey, null);
      return left;
    },

    /** Places every member of the base where it now is: closed (nowhere) or moved. */
    async placeMembers(base: Pick<Base, 'id' | 'status' | 'location'>): Promise<void> {
      if (!deps.placeAtBase) return;
      const at = base.status === 'open' ? base.location : null;
      for (const m of await people.membersOf([base.id])) await deps.placeAtBase(m.volunteerKey, at);
    },

    /** The volunteer's base, if they joined one. */
    async baseOf(volunteerKey: string): Promise<Base | undefined> {
      const membership = await people.membershipOf(volunteerKey);
      return membership ? bases.get(membership.baseId) : undefined;
    },
  };
}

export type BaseMembership = ReturnType<typeof createBaseMembership>;
