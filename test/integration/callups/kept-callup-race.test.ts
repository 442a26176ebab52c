import { describe, expect, it } from 'vitest';
import type { Models } from '../../../src/persistence/models/index.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();

/** A gate a test opens when it wants: what waits on it goes on then. */
function aGate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

interface Gates {
  write?: Promise<void>;
  /** Told when a write reaches the database call. */
  writing?: () => void;
  /** Told when a read has its answer, before it is held. */
  read?: () => void;
  readAnswer?: Promise<void>;
}

type Call = (...args: unknown[]) => { lean(): Promise<unknown> } | Promise<unknown>;

/**
 * The models with one collection's reads (`readName`) and writes (`writeName`) held at gates, so a test can order a
 * read and a write as two connections may: the read answered before the write lands, its answer arriving after.
 */
function heldModels(collection: 'callUps' | 'callUpSeats', readName: string, writeName: string, gates: Gates) {
  const real = database.models[collection];
  const held = new Proxy(real, {
    get(target, property) {
      const method = Reflect.get(target, property, target) as Call;
      if (property === readName) {
        return (...args: unknown[]) => ({
          lean: async () => {
            const answer = await (method.apply(target, args) as { lean(): Promise<unknown> }).lean();
            gates.read?.();
            await gates.readAnswer;
            return answer;
          },
        });
      }
      if (property === writeName) {
        return async (...args: unknown[]) => {
          gates.writing?.();
          await gates.write;
          return method.apply(target, args);
        };
      }
      return method;
    },
  });
  return { ...database.models, [collection]: held } as Models;
}

describe('a call-up kept in memory while this instance is alone', () => {
  it('when a read overlaps a write and answers after it, then the write is what is kept, not what was read', async () => {
    const stored = createCallUpRepository(database.models);
    const callUp = aCallUp({ id: 'race1', status: 'closed' });
    await stored.create(callUp);
    const update = aGate();
    const readAnswer = aGate();
    const reached = aGate();
    const gates: Gates = { write: update.opened, writing: reached.open };
    const callUps = createCallUpRepository(heldModels('callUps', 'findById', 'updateOne', gates), {
      exclusiveEpoch: () => 1,
    });
    expect((await callUps.get('race1'))?.status).toBe('closed');

    // The cancel is on its way to the database; a reader comes meanwhile and reads the record as it still is.
    const cancelling = callUps.update('race1', () => ({ status: 'cancelled' }));
    await reached.opened;
    const fetched = aGate();
    gates.readAnswer = readAnswer.opened;
    gates.read = fetched.open;
    const reading = callUps.get('race1');
    await fetched.opened;
    // The write lands and is kept; only then does the read's answer arrive.
    update.open();
    await cancelling;
    readAnswer.open();
    expect((await reading)?.status).toBe('closed');
    gates.readAnswer = undefined;

    expect((await callUps.get('race1'))?.status).toBe('cancelled');
  });
});

describe('the seats of a call-up kept in memory while this instance is alone', () => {
  it('when a read overlaps a seat being taken and answers after it, then the seat taken is what is kept', async () => {
    const insert = aGate();
    const gates: Gates = { write: insert.opened };
    const callUps = createCallUpRepository(heldModels('callUpSeats', 'find', 'create', gates), {
      exclusiveEpoch: () => 1,
    });
    const at = new Date('2026-12-08T06:00:00Z');
    const seat = { id: 'race2:gp:1', callUpId: 'race2', specialty: 'gp', volunteerKey: 'telegram:1', at };
    expect(await callUps.countSeats('race2')).toEqual(new Map());

    const fetched = aGate();
    const readAnswer = aGate();
    const taking = callUps.takeSeat(seat);
    gates.read = fetched.open;
    gates.readAnswer = readAnswer.opened;
    const reading = callUps.countSeats('race2');
    await fetched.opened; // read before the seat was stored
    gates.read = undefined;
    gates.readAnswer = undefined;
    insert.open();
    expect(await taking).toBe('taken');
    readAnswer.open();
    expect(await reading).toEqual(new Map());

    expect(await callUps.countSeats('race2')).toEqual(new Map([['gp', 1]]));
  });
});
