import { describe, expect, it } from 'vitest';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const at = new Date('2026-12-07T10:00:00Z');
const seat = (callUpId: string, n: number, volunteerKey: string, specialty = 'gp') => ({
  id: `${callUpId}:${specialty}:${n}`,
  callUpId,
  specialty,
  volunteerKey,
  at,
});
/** A seat written past the repository, as another instance would write it. */
const takenBehind = (s: ReturnType<typeof seat>) =>
  database.models.callUpSeats.create({
    _id: s.id,
    callUpId: s.callUpId,
    specialty: s.specialty,
    volunteerKey: s.volunteerKey,
    takenAt: s.at,
  });

describe('the seats of a call-up kept in memory while this instance is alone', () => {
  it('when alone, then seats taken and freed here are known without reading them again', async () => {
    let epoch: number | undefined = 1;
    const callUps = createCallUpRepository(database.models, { exclusiveEpoch: () => epoch });
    await callUps.takeSeat(seat('kept1', 1, 'telegram:1'));
    expect(await callUps.countSeats('kept1')).toEqual(new Map([['gp', 1]]));
    // Invisible to an instance that is alone: that is what being alone promises.
    await takenBehind(seat('kept1', 9, 'telegram:9'));
    expect(await callUps.takeSeats([seat('kept1', 2, 'telegram:2'), seat('kept1', 1, 'telegram:1', 'nurse')])).toBe(2);
    expect(await callUps.freeSeat(seat('kept1', 1, '').id, 'telegram:1')).toBe(true);
    expect(await callUps.seatHolders('kept1')).toEqual(
      new Map([
        ['kept1:gp:2', 'telegram:2'],
        ['kept1:nurse:1', 'telegram:1'],
      ]),
    );
    expect(await callUps.seatHolders('kept1', 'gp')).toEqual(new Map([['kept1:gp:2', 'telegram:2']]));
    // Another instance came (the epoch moved): the database is read again.
    epoch = 2;
    expect(await callUps.countSeats('kept1')).toEqual(
      new Map([
        ['gp', 2],
        ['nurse', 1],
      ]),
    );
  });

  it('when a seat another instance holds stops an insert, then the seats are read again', async () => {
    const callUps = createCallUpRepository(database.models, { exclusiveEpoch: () => 1 });
    expect(await callUps.seatHolders('kept3')).toEqual(new Map());
    await takenBehind(seat('kept3', 2, 'telegram:other'));
    expect(await callUps.takeSeats([seat('kept3', 1, 'telegram:1'), seat('kept3', 2, 'telegram:2')])).toBe(1);
    expect(await callUps.seatHolders('kept3')).toEqual(
      new Map([
        ['kept3:gp:1', 'telegram:1'],
        ['kept3:gp:2', 'telegram:other'],
      ]),
    );
    expect(await callUps.takeSeat(seat('kept3', 2, 'telegram:3'))).toBe('occupied');
  });

  it('when other instances may be writing, then every ask reads the database', async () => {
    const callUps = createCallUpRepository(database.models);
    expect(await callUps.countSeats('kept4')).toEqual(new Map());
    await takenBehind(seat('kept4', 1, 'telegram:1'));
    expect(await callUps.countSeats('kept4')).toEqual(new Map([['gp', 1]]));
  });
});

describe('call-ups kept in memory while this instance is alone', () => {
  it('when alone, then a call-up updated here is known without reading it again, until another instance comes', async () => {
    let epoch: number | undefined = 1;
    const callUps = createCallUpRepository(database.models, { exclusiveEpoch: () => epoch });
    await callUps.create(aCallUp({ id: 'keptc1', title: 'first' }));
    expect((await callUps.get('keptc1'))?.title).toBe('first');
    await callUps.update('keptc1', () => ({ title: 'second' }));
    // Written past the repository (no instance does that while another is alone: this shows what is kept).
    await database.models.callUps.updateOne({ _id: 'keptc1' }, { $set: { title: 'behind' } });
    expect((await callUps.get('keptc1'))?.title).toBe('second');
    epoch = 2;
    expect((await callUps.get('keptc1'))?.title).toBe('behind');
  });

  it('when other instances may be writing, then every read sees the database', async () => {
    const callUps = createCallUpRepository(database.models);
    await callUps.create(aCallUp({ id: 'keptc2', title: 'first' }));
    expect((await callUps.get('keptc2'))?.title).toBe('first');
    await database.models.callUps.updateOne({ _id: 'keptc2' }, { $set: { title: 'behind' } });
    expect((await callUps.get('keptc2'))?.title).toBe('behind');
  });
});
