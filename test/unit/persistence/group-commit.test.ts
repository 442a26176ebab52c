import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../src/persistence/group-commit.ts';

/** A batch that stays open until released, so a test decides what arrives while it is applied. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('group commit per key', () => {
  it('when inputs arrive while a batch of their key is applied, then they are applied together in the next one', async () => {
    const batches: number[][] = [];
    const first = gate();
    const submit = createGroupCommit<number, string>(async (_key, inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await first.opened;
      return inputs.map((n) => ({ status: 'fulfilled', value: `done ${n}` }));
    }, 100);
    const results = [submit('a', 1), submit('a', 2), submit('a', 3), submit('a', 4)];
    first.open();
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('when keys differ, then their batches do not wait for each other', async () => {
    const held = gate();
    const submit = createGroupCommit<string, string>(async (key, inputs) => {
      if (key === 'slow') await held.opened;
      return inputs.map((input) => ({ status: 'fulfilled', value: input }));
    }, 100);
    const slow = submit('slow', 'x');
    expect(await submit('fast', 'y')).toBe('y');
    held.open();
    expect(await slow).toBe('x');
  });

  it('when a batch settles one input as refused or throws, then only those inputs are rejected', async () => {
    const submit = createGroupCommit<number, number>(async (_key, inputs) => {
      if (inputs.includes(13)) throw new Error('batch failed');
      return inputs.map((n) =>
        n < 0 ? { status: 'rejected', reason: new Error(`refused ${n}`) } : { status: 'fulfilled', value: n },
      );
    }, 100);
    await expect(submit('a', -1)).rejects.toThrow('refused -1');
    await expect(submit('a', 13)).rejects.toThrow('batch failed');
    expect(await submit('a', 2)).toBe(2);
  });

  it('when more inputs wait than a batch holds, then they are applied in batches of at most that many, in order', async () => {
    const batches: number[][] = [];
    const first = gate();
    const submit = createGroupCommit<number, number>(async (_key, inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await first.opened;
      return inputs.map((n) => ({ status: 'fulfilled', value: n }));
    }, 2);
    const results = [0, 1, 2, 3, 4].map((n) => submit('a', n));
    first.open();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(batches).toEqual([[0], [1, 2], [3, 4]]);
  });

  describe('gathering while inputs keep coming', () => {
    /** A group commit on a hand-moved clock whose gathering waits until the test releases it. */
    function gathering() {
      const batches: number[][] = [];
      const clock = { at: 0 };
      const waits: { ms: number; release: () => void }[] = [];
      const submit = createGroupCommit<number, number>(
        async (_key, inputs) => {
          batches.push(inputs);
          return inputs.map((n) => ({ status: 'fulfilled', value: n }));
        },
        100,
        {
          ms: 40,
          now: () => clock.at,
          wait: (ms) => new Promise<void>((release) => waits.push({ ms, release })),
        },
      );
      return { batches, clock, waits, submit };
    }

    it('when an input follows another within twice the gathering time, then its batch waits and takes what came meanwhile', async () => {
      const { batches, clock, waits, submit } = gathering();
      expect(await submit('a', 1)).toBe(1);
      clock.at = 30;
      const streamed = [submit('a', 2), submit('a', 3), submit('a', 4)];
      expect(waits.map((w) => w.ms)).toEqual([40]);
      expect(batches).toEqual([[1]]);
      waits[0]?.release();
      expect(await Promise.all(streamed)).toEqual([2, 3, 4]);
      expect(batches).toEqual([[1], [2, 3, 4]]);
    });

    it('when an input comes after a quiet spell, then it is applied at once', async () => {
      const { batches, clock, waits, submit } = gathering();
      expect(await submit('a', 1)).toBe(1);
      clock.at = 81;
      expect(await submit('a', 2)).toBe(2);
      expect(waits).toEqual([]);
      expect(batches).toEqual([[1], [2]]);
    });
  });
});
