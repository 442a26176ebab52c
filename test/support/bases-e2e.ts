import type { Base } from '../../src/domain/bases/base.ts';
import { createBaseRepository } from '../../src/persistence/repositories/base.repository.ts';
import { createBasePeopleRepository } from '../../src/persistence/repositories/base-people.repository.ts';
import type { BotHarness } from './bot-harness.ts';

/** Bases and their people stored straight through the repositories, for tests about what the bot does with them. */
export function baseTools(h: Pick<BotHarness, 'database' | 'clock'>) {
  const bases = createBaseRepository(h.database.models);
  const people = createBasePeopleRepository(h.database.models);
  let sequence = 0;
  return {
    bases,
    people,
    /** An open base in Tehran (the city's centre as its place), with these fields changed. */
    async base(overrides: Partial<Base> = {}): Promise<Base> {
      sequence += 1;
      const at = h.clock.now();
      const base: Base = {
        id: `base${sequence}xx`,
        kind: 'basij_mosque_base',
        name: `پایگاه ${sequence}`,
        province: 'tehran',
        city: 'تهران',
        neighbourhood: null,
        location: { lat: 35.6892, lon: 51.389 },
        locationFrom: 'city',
        leaders: [],
        status: 'open',
        createdBy: 'telegram:1',
        createdAt: at,
        updatedAt: at,
        ...overrides,
      };
      if (!(await bases.create(base))) throw new Error(`could not seed base ${base.name}`);
      return base;
    },
    join: (volunteerKey: string, baseId: string) => people.join({ volunteerKey, baseId, joinedAt: h.clock.now() }),
  };
}
