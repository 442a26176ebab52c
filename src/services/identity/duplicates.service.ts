/** The admin's list of people who may be one (`/duplicates`): merge them, or keep them apart; both audited. */
import type { Actor } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { DuplicatePair, IdentityRepository } from '../../persistence/repositories/identity.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { type HistoryDeps, type MergeDeps, mergeOrder, mergePeople, moveHistories } from './person-merge.ts';

export interface DuplicateCase {
  pair: DuplicatePair;
  /** Both people as registered now; undefined for one who has since left (erased, or merged elsewhere). */
  people: [Volunteer | undefined, Volunteer | undefined];
}

export type DuplicateDecision = 'merged' | 'apart' | 'decided' | 'gone';

export interface DuplicatesService {
  /** The oldest open pairs. */
  open(actor: Actor, limit: number): Promise<DuplicateCase[]>;
  get(actor: Actor, id: string): Promise<DuplicateCase | undefined>;
  /** `merged`/`apart`; `decided` when someone decided first; `gone` when one of them is no longer registered. */
  decide(actor: Actor, id: string, merge: boolean): Promise<DuplicateDecision>;
}

export interface DuplicatesDeps extends MergeDeps, HistoryDeps {
  volunteers: MergeDeps['volunteers'] & Pick<VolunteerRepository, 'get'>;
  identity: IdentityRepository;
  audit: Pick<AuditLog, 'record'>;
  now: () => Date;
}

const adminOnly = (actor: Actor) => {
  if (actor.role !== 'admin') throw new RoleError('forbidden');
};

export function createDuplicatesService(deps: DuplicatesDeps): DuplicatesService {
  const withPeople = async (pair: DuplicatePair): Promise<DuplicateCase> => ({
    pair,
    people: [await deps.volunteers.get(pair.keys[0]), await deps.volunteers.get(pair.keys[1])],
  });
  const load = async (id: string) => {
    const pair = await deps.identity.getPair(id);
    return pair ? withPeople(pair) : undefined;
  };

  return {
    async open(actor, limit) {
      adminOnly(actor);
      return Promise.all((await deps.identity.openPairs(limit)).map(withPeople));
    },
    async get(actor, id) {
      adminOnly(actor);
      return load(id);
    },
    async decide(actor, id, merge) {
      adminOnly(actor);
      const found = await load(id);
      if (found?.pair.state !== 'open') return 'decided';
      const [a, b] = found.people;
      if (merge && (!a || !b)) return 'gone';
      if (!(await deps.identity.decidePair(id, merge ? 'merged' : 'apart', actor.key, deps.now()))) return 'decided';
      if (merge && a && b) {
        const [keep, join] = mergeOrder(a, b);
        await moveHistories(deps, [{ keepKey: keep.key, joinKey: join.key }]);
        await mergePeople(deps, keep.key, join.key);
        await deps.audit.record({
          actor: actor.key,
          action: 'person.merged',
          target: keep.key,
          details: { joined: join.key },
        });
        return 'merged';
      }
      await deps.audit.record({
        actor: actor.key,
        action: 'person.kept_apart',
        target: found.pair.keys[0],
        details: { other: found.pair.keys[1] },
      });
      return 'apart';
    },
  };
}
