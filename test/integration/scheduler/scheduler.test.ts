import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createDeliveryRepository } from '../../../src/persistence/repositories/delivery.repository.ts';
import { createJobRunRepository } from '../../../src/persistence/repositories/job-run.repository.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { purgeLogsJob } from '../../../src/scheduler/jobs/purge-logs.job.ts';
import { startScheduler } from '../../../src/scheduler/scheduler.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const DAY = 86_400_000;

const purgeDeps = (now?: () => Date) => ({
  messageLog: createMessageLogRepository(database.models),
  processedUpdates: createProcessedUpdateRepository(database.models),
  jobRuns: createJobRunRepository(database.models),
  deliveries: createDeliveryRepository(database.models, now ? { now } : {}),
});

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
    // Three occurrences, however long a busy machine takes to reach them.
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 100 });
    await Promise.all([a.stop(), b.stop()]);
    const seconds = runs.map((run) => run.split('@')[1]);
    expect(new Set(seconds).size).toBe(seconds.length);
  });

  it('when the scheduler stops while a job runs, then stop waits for the run, which is recorded as finished', async () => {
    const jobRuns = createJobRunRepository(database.models);
    let started: (slot: Date) => void = () => {};
    const startedAt = new Promise<Date>((resolve) => {
      started = resolve;
    });
    let finished = false;
    const slow = {
      name: 'slow-job',
      schedule: '* * * * * *',
      run: async (now: Date) => {
        started(now);
        await new Promise((resolve) => setTimeout(resolve, 800));
        finished = true;
      },
    };
    const scheduler = startScheduler([slow], jobRuns, 'a', pino({ level: 'silent' }));
    const slot = await startedAt;
    await scheduler.stop();
    expect(finished).toBe(true);
    const run = await jobRuns.get('slow-job', slot.toISOString());
    expect(run?.finishedAt).toBeInstanceOf(Date);
  });

  it('when the purge job runs, then messages older than the retention and old update ids are deleted', async () => {
    const messageLog = createMessageLogRepository(database.models);
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
    await purgeLogsJob(purgeDeps(), 180).run(now);
    const left = await database.models.messages.find({ chatId: '1' }).lean();
    expect(left.map((m) => m.text).sort()).toEqual(['1', '179']);
    expect((await database.models.processedUpdates.find().lean()).map((u) => u._id)).toEqual(['bale:2']);
  });

  it('when the purge job runs, then finished deliveries older than the retention go with their claims and results', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    let clock = new Date(now.getTime() - 200 * DAY);
    const deliveries = createDeliveryRepository(database.models, { now: () => clock });
    const delivery = (campaignId: string, user: number) => ({
      campaignId,
      campaignKind: 'callup',
      priority: 0,
      platform: 'telegram' as const,
      chatId: user,
      recipientKey: `telegram:${user}`,
      message: { text: `${campaignId} برای ${user}` },
    });
    // 200 days ago: one sent (claimed, then a result), one cancelled, one never sent; 10 days ago: one sent.
    await deliveries.enqueue([delivery('old', 1), delivery('old', 2), delivery('old', 3)]);
    await deliveries.claim([{ id: 'old:telegram:1', campaignId: 'old', attempt: 1, failures: 0 }], 'a', clock);
    await deliveries.recordResults([
      { id: 'old:telegram:1', campaignId: 'old', recipientKey: 'telegram:1', attempt: 1, state: 'sent' },
      { id: 'old:telegram:2', campaignId: 'old', recipientKey: 'telegram:2', attempt: 0, state: 'cancelled' },
    ]);
    clock = new Date(now.getTime() - 10 * DAY);
    await deliveries.enqueue([delivery('recent', 4)]);
    await deliveries.recordResults([
      { id: 'recent:telegram:4', campaignId: 'recent', recipientKey: 'telegram:4', attempt: 1, state: 'sent' },
    ]);

    clock = now;
    await purgeLogsJob(
      purgeDeps(() => now),
      180,
    ).run(now);

    const left = await database.models.deliveries.find({ campaignId: { $in: ['old', 'recent'] } }).lean();
    expect(left.map((d) => d._id).sort()).toEqual(['old:telegram:3', 'recent:telegram:4']);
    expect((await database.models.deliveryResults.find().lean()).map((r) => r._id)).toEqual(['recent:telegram:4']);
    expect(await database.models.deliveryClaims.countDocuments({ campaignId: 'old' })).toBe(0);
  });
});
