import { describe, expect, it } from 'vitest';
import { createKeptProgress, type ProgressRow } from '../../../src/persistence/repositories/kept-progress.ts';

/** A campaign's rows as the database would give them, counting reads; a read may be held open by the test. */
function storedCampaign(rows: ProgressRow[]) {
  const state = { reads: 0, rows, hold: undefined as Promise<void> | undefined };
  const readRows = async () => {
    state.reads += 1;
    const found = state.rows.map((row) => ({ ...row }));
    await state.hold;
    return found;
  };
  return { state, readRows };
}

const queued = (id: string, group = 'nurse'): ProgressRow => ({ id, group, state: 'queued' });

describe('campaign progress kept while alone', () => {
  it('when alone, then later reads count what was read once plus what this process stored and recorded since', async () => {
    const { state, readRows } = storedCampaign([queued('a'), queued('b'), { id: 'c', group: 'nurse', state: 'sent' }]);
    const kept = createKeptProgress(readRows, () => 1);
    expect((await kept.read('c1')).counts).toMatchObject({ queued: 2, sent: 1 });

    kept.changed([{ id: 'd', campaignId: 'c1', group: 'doctor' }]);
    kept.changed([
      { id: 'a', campaignId: 'c1', state: 'sent' },
      { id: 'b', campaignId: 'c1', state: 'blocked' },
    ]);
    // Stored again (a resumed wave): a delivery known to be sent stays sent.
    kept.changed([{ id: 'a', campaignId: 'c1', group: 'nurse' }]);
    const progress = await kept.read('c1');

    expect(state.reads).toBe(1);
    expect(progress.total).toBe(4);
    expect(progress.counts).toMatchObject({ queued: 1, sent: 2, blocked: 1 });
    expect(progress.groups.doctor).toEqual({ total: 1, counts: expect.objectContaining({ queued: 1 }) });
    expect(progress.groups.nurse?.counts).toMatchObject({ sent: 2, blocked: 1, queued: 0 });
  });

  it('when a campaign begun here is adopted, then its progress is counted from empty without a read', async () => {
    const { state, readRows } = storedCampaign([]);
    const kept = createKeptProgress(readRows, () => 1);
    kept.adopt('c1');
    kept.changed([
      { id: 'a', campaignId: 'c1', group: 'nurse' },
      { id: 'b', campaignId: 'c1', group: 'nurse' },
    ]);
    kept.changed([{ id: 'a', campaignId: 'c1', state: 'sent' }]);

    expect((await kept.read('c1')).counts).toMatchObject({ queued: 1, sent: 1 });
    expect(state.reads).toBe(0);
  });

  it('when others may write, then adopting keeps nothing and the progress is read', async () => {
    const { state, readRows } = storedCampaign([queued('a')]);
    const kept = createKeptProgress(readRows, () => undefined);
    kept.adopt('c1');
    expect((await kept.read('c1')).counts).toMatchObject({ queued: 1 });
    expect(state.reads).toBe(1);
  });

  it('when a result is recorded while the campaign is being read, then the kept progress has it', async () => {
    const { state, readRows } = storedCampaign([queued('a'), queued('b')]);
    let release!: () => void;
    state.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const kept = createKeptProgress(readRows, () => 1);
    const reading = kept.read('c1');
    kept.changed([{ id: 'a', campaignId: 'c1', state: 'sent' }]);
    release();

    expect((await reading).counts).toMatchObject({ queued: 1, sent: 1 });
    expect((await kept.read('c1')).counts).toMatchObject({ queued: 1, sent: 1 });
    expect(state.reads).toBe(1);
  });

  it('when other instances may be writing, then every read reads the database', async () => {
    const { state, readRows } = storedCampaign([queued('a')]);
    const kept = createKeptProgress(readRows, () => undefined);
    await kept.read('c1');
    state.rows = [{ id: 'a', state: 'sent' }];
    expect((await kept.read('c1')).counts).toMatchObject({ queued: 0, sent: 1 });
    expect(state.reads).toBe(2);
  });

  it('when another instance came meanwhile (a new epoch), then what was kept is read again', async () => {
    const { state, readRows } = storedCampaign([queued('a')]);
    let epoch = 1;
    const kept = createKeptProgress(readRows, () => epoch);
    await kept.read('c1');
    epoch = 2;
    state.rows = [{ id: 'a', state: 'sent' }];
    expect((await kept.read('c1')).counts).toMatchObject({ sent: 1 });
    expect(state.reads).toBe(2);
  });

  it('when the campaign is cancelled, also during a read, then what was kept is read again', async () => {
    const { state, readRows } = storedCampaign([queued('a')]);
    const kept = createKeptProgress(readRows, () => 1);
    await kept.read('c1');
    kept.drop('c1');
    state.rows = [{ id: 'a', state: 'cancelled' }];
    expect((await kept.read('c1')).counts).toMatchObject({ cancelled: 1 });

    let release!: () => void;
    state.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    kept.drop('c1');
    const reading = kept.read('c1');
    kept.drop();
    release();
    await reading;
    state.hold = undefined;
    await kept.read('c1');
    expect(state.reads).toBe(4);
  });
});
