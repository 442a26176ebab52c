import { describe, expect, it } from 'vitest';
import { createJobRunRepository } from '../../../src/persistence/repositories/job-run.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
let clock = new Date('2026-03-01T04:30:00Z');
const jobRuns = createJobRunRepository(database.models, { now: () => clock });

describe('job run claims', () => {
  it('when three instances claim one occurrence at once, then exactly one runs it and it is recorded as theirs', async () => {
    const owners = ['a', 'b', 'c'];
    const results = await Promise.all(owners.map((owner) => jobRuns.claim('purge-logs', '2026-03-01T04:30', owner)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = owners[results.indexOf(true)];
    expect(await jobRuns.get('purge-logs', '2026-03-01T04:30')).toEqual({
      job: 'purge-logs',
      slot: '2026-03-01T04:30',
      owner: winner,
      startedAt: clock,
    });
  });

  it('when the next occurrence comes, then it can be claimed again', async () => {
    expect(await jobRuns.claim('purge-logs', '2026-03-02T04:30', 'a')).toBe(true);
    expect(await jobRuns.claim('purge-logs', '2026-03-02T04:30', 'b')).toBe(false);
  });

  it('when a run finishes, then its finish time is recorded', async () => {
    await jobRuns.claim('report', 's1', 'a');
    clock = new Date(clock.getTime() + 5_000);
    await jobRuns.finish('report', 's1');
    expect((await jobRuns.get('report', 's1'))?.finishedAt).toEqual(clock);
  });

  it('when old runs are purged, then only runs started before the date are deleted', async () => {
    clock = new Date('2026-01-01T00:00:00Z');
    await jobRuns.claim('old', 'x', 'a');
    clock = new Date('2026-04-01T00:00:00Z');
    await jobRuns.claim('new', 'x', 'a');
    const purged = await jobRuns.purgeOlderThan(new Date('2026-02-01T00:00:00Z'));
    expect(purged).toBe(1);
    expect(await jobRuns.get('old', 'x')).toBeUndefined();
    expect(await jobRuns.get('new', 'x')).toBeDefined();
  });
});
