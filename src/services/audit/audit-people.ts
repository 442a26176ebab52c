import type { Role } from '../../domain/roles/actor.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';

/** Who a key in the audit log is, for an admin to read; `name` is null when no record names them (erased, never registered). */
export interface AuditPerson {
  name: string | null;
  role: Role | null;
}

export interface AuditPeople {
  /** The names and roles behind the keys of some audit entries; the log itself holds only keys. */
  describe(keys: readonly string[]): Promise<Map<string, AuditPerson>>;
}

export function createAuditPeople(deps: {
  coordinators: Pick<CoordinatorRepository, 'get'>;
  volunteers: Pick<VolunteerRepository, 'get'>;
  adminIds: readonly string[];
}): AuditPeople {
  const one = async (key: string): Promise<AuditPerson> => {
    const [coordinator, volunteer] = await Promise.all([deps.coordinators.get(key), deps.volunteers.get(key)]);
    const name = coordinator?.name ?? volunteer?.name ?? null;
    if (deps.adminIds.includes(key)) return { name, role: 'admin' };
    if (coordinator?.status === 'active') return { name, role: 'coordinator' };
    return { name, role: volunteer ? 'volunteer' : null };
  };
  return {
    async describe(keys) {
      const unique = [...new Set(keys)];
      const people = await Promise.all(unique.map(one));
      return new Map(unique.map((key, i) => [key, people[i]!]));
    },
  };
}
