import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createJobRunRepository } from '../../../src/persistence/repositories/job-run.repository.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { purgeLogsJob } from '../../../src/scheduler/jobs/purge-logs.job.ts';
import { startScheduler } from '../../../src/scheduler/scheduler.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const DAY = 86_400_000;

describe('scheduler', () => {
  it('when two instances run the same job, then each occurrence runs exactly once', async () => {
    const jobRuns = createJobRunRepository(database.models);
    const runs: string[] = [];
    const job = (owner: string) => ({
      name: 'every-second',
      schedule: '* * * * * *',
      run: async (now: Date) => {
        runs.push(`${owner}@${Math.floor(now.getTime() / 1000)}`);
      },
    });
    const logger = pino({ level: 'silent' });
    const a = startScheduler([job('a')], jobRuns, 'a', logger);
    const b = startScheduler([job('b')], jobRuns, 'b', logger);
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    await Promise.all([a.stop(), b.stop()]);
    const seconds = runs.map((run) => run.split('@')[1]);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seconds).size).toBe(seconds.length);
  });

  it('when the purge job runs, then messages older than the retention and old update ids are deleted', async () => {
    const messageLog = createMessageLogRepository(database.models);
    const processedUpdates = createProcessedUpdateRepository(database.models);
    const now = new Date('2026-06-01T00:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    for (const days of [200, 181, 179, 1]) {
      await messageLog.record({
        platform: 'bale',
        chatId: '1',
        direction: 'in',
        kind: 'text',
        text: `${days}`,
        at: at(days),
      });
    }
    await database.models.processedUpdates.create([
      { _id: 'bale:1', at: at(8) },
      { _id: 'bale:2', at: at(1) },
    ]);
    await purgeLogsJob({ messageLog, processedUpdates, jobRuns: createJobRunRepository(database.models) }, 180).run(
      now,
    );
    const left = await database.models.messages.find({ chatId: '1' }).lean();
    expect(left.map((m) => m.text).sort()).toEqual(['1', '179']);
    expect((await database.models.processedUpdates.find().lean()).map((u) => u._id)).toEqual(['bale:2']);
  });
});
