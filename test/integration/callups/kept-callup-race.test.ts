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
  update?: Promise<void>;
  /** Told when an update reaches the database call. */
  updating?: () => void;
  /** Told when a read by `_id` has its answer, before it is held. */
  read?: () => void;
  readAnswer?: Promise<void>;
}

/**
 * The call-ups collection with its reads by `_id` and its updates held at gates, so a test can order a read and a
 * write as two connections may: the read answered before the write lands, its answer arriving after.
 */
function heldCallUps(gates: Gates) {
  const real = database.models.callUps;
  const held = new Proxy(real, {
    get(target, property) {
      if (property === 'findById') {
        return (id: string) => ({
          lean: async () => {
            const doc = await target.findById(id).lean();
            gates.read?.();
            await gates.readAnswer;
            return doc;
          },
        });
      }
      if (property === 'updateOne') {
        return async (...args: Parameters<typeof target.updateOne>) => {
          gates.updating?.();
          await gates.update;
          return target.updateOne(...args);
        };
      }
      return Reflect.get(target, property, target);
    },
  });
  return { ...database.models, callUps: held } as Models;
}

describe('a call-up kept in memory while this instance is alone', () => {
  it('when a read overlaps a write and answers after it, then the write is what is kept, not what was read', async () => {
    const stored = createCallUpRepository(database.models);
    const callUp = aCallUp({ id: 'race1', status: 'closed' });
    await stored.create(callUp);
    const update = aGate();
    const readAnswer = aGate();
    const reached = aGate();
    const gates: Gates = { update: update.opened, updating: reached.open };
    const callUps = createCallUpRepository(heldCallUps(gates), { exclusiveEpoch: () => 1 });
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
