// Every main menu asks whether its reader is a coordinator and whether they lead a base; while this process is the
// only instance on the database those answers come from memory (see epoch-cache.ts). These tests pin down that a
// write through the repository is always seen, and that nothing is remembered while another instance may write.
import { describe, expect, it } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import type { Coordinator } from '../../../src/domain/roles/coordinator.ts';
import { createBaseRepository } from '../../../src/persistence/repositories/base.repository.ts';
import { createCoordinatorRepository } from '../../../src/persistence/repositories/coordinator.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const at = new Date('2026-03-01T10:00:00Z');
let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};
const nextKey = () => `telegram:${next()}`;

function aCoordinator(key: string, provinces = ['tehran']): Coordinator {
  const fields = { note: null, via: 'invite' as const, requestedAt: null, appointedAt: at, appointedBy: null };
  return { key, platform: 'telegram', chatId: key, name: 'C', status: 'active', provinces, ...fields, updatedAt: at };
}

function aBase(leaders: string[] = []): Base {
  const id = `menu-cache-base-${next()}`;
  const place = { province: 'tehran', city: 'tehran', neighbourhood: null, location: { lat: 35.7, lon: 51.4 } };
  const made = { status: 'open' as const, createdBy: 'telegram:1', createdAt: at, updatedAt: at };
  return { id, kind: 'basij_mosque_base', name: id, ...place, locationFrom: 'city', leaders, ...made };
}

describe('coordinator records while this process is the only instance', () => {
  const state = { epoch: 1 as number | undefined };
  const coordinators = createCoordinatorRepository(database.models, { exclusiveEpoch: () => state.epoch });
  const behindItsBack = (key: string, provinces: string[]) =>
    database.models.coordinators.updateOne({ _id: key }, { $set: { provinces } });

  it('when a record is read again, then it comes from memory, not the database', async () => {
    state.epoch = 1;
    const key = nextKey();
    await coordinators.saveActive(aCoordinator(key));
    await coordinators.get(key);
    await behindItsBack(key, ['fars']);
    expect((await coordinators.get(key))?.provinces).toEqual(['tehran']);
  });

  it('when this process appoints, changes or removes a coordinator, then the next read sees it', async () => {
    state.epoch = 1;
    const key = nextKey();
    expect(await coordinators.get(key)).toBeUndefined();
    await coordinators.saveActive(aCoordinator(key));
    expect((await coordinators.get(key))?.status).toBe('active');
    await coordinators.setProvinces(key, ['fars'], at);
    expect((await coordinators.get(key))?.provinces).toEqual(['fars']);
    await coordinators.remove(key);
    expect(await coordinators.get(key)).toBeUndefined();
  });

  it('when a caller changes the record it was given, then the remembered one stays as stored', async () => {
    state.epoch = 1;
    const key = nextKey();
    await coordinators.saveActive(aCoordinator(key));
    (await coordinators.get(key))?.provinces.push('fars');
    expect((await coordinators.get(key))?.provinces).toEqual(['tehran']);
  });

  it('when another instance may be running, or was since, then the record is read from the database', async () => {
    state.epoch = 1;
    const key = nextKey();
    await coordinators.saveActive(aCoordinator(key));
    await coordinators.get(key);
    await behindItsBack(key, ['fars']);
    state.epoch = undefined;
    expect((await coordinators.get(key))?.provinces).toEqual(['fars']);
    await behindItsBack(key, ['gilan']);
    state.epoch = 2;
    expect((await coordinators.get(key))?.provinces).toEqual(['gilan']);
  });
});

describe('base leaders while this process is the only instance', () => {
  const state = { epoch: 1 as number | undefined };
  const bases = createBaseRepository(database.models, { exclusiveEpoch: () => state.epoch });
  const ledBy = async (key: string) => (await bases.list({ leader: key })).map((b) => b.id);

  it('when someone leads no base, then asking again does not read the database', async () => {
    state.epoch = 1;
    const key = nextKey();
    expect(await ledBy(key)).toEqual([]);
    const behindItsBack = aBase([key]);
    await database.models.bases.create({ _id: behindItsBack.id, ...behindItsBack, sameKey: behindItsBack.id });
    expect(await ledBy(key)).toEqual([]);
  });

  it('when this process makes someone a leader, by a new base or an invite, then the next question sees it', async () => {
    state.epoch = 1;
    const [founder, invited] = [nextKey(), nextKey()];
    expect(await ledBy(founder)).toEqual([]);
    const base = aBase([founder]);
    await bases.create(base);
    expect(await ledBy(founder)).toEqual([base.id]);
    expect(await ledBy(invited)).toEqual([]);
    await bases.addLeader(base.id, invited, at);
    expect(await ledBy(invited)).toEqual([base.id]);
  });

  it('when another instance may be running, then the database is asked', async () => {
    state.epoch = 1;
    const key = nextKey();
    expect(await ledBy(key)).toEqual([]);
    const base = aBase([key]);
    await database.models.bases.create({ _id: base.id, ...base, sameKey: base.id });
    state.epoch = undefined;
    expect(await ledBy(key)).toEqual([base.id]);
  });
});
