import type { DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { JobRunRepository } from '../../persistence/repositories/job-run.repository.ts';
import type { MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';
import type { ProcessedUpdateRepository } from '../../persistence/repositories/processed-update.repository.ts';
import type { Job } from '../scheduler.ts';

const DAY_MS = 86_400_000;
/** Platforms keep undelivered updates for at most 24 hours, so a week of update ids is ample for de-duplication. */
const PROCESSED_UPDATE_DAYS = 7;
const JOB_RUN_DAYS = 30;

/**
 * Purges the message log and the finished outbox deliveries (their texts and chat ids) after the message log's
 * retention period, and old bookkeeping (FerretDB has no TTL indexes).
 */
export function purgeLogsJob(
  deps: {
    messageLog: MessageLogRepository;
    processedUpdates: ProcessedUpdateRepository;
    jobRuns: JobRunRepository;
    deliveries: Pick<DeliveryRepository, 'purgeFinishedBefore'>;
  },
  messageLogDays: number,
): Job {
  return {
    name: 'purge-logs',
    schedule: '30 4 * * *',
    async run(now) {
      const retained = new Date(now.getTime() - messageLogDays * DAY_MS);
      await deps.messageLog.purgeOlderThan(retained);
      await deps.deliveries.purgeFinishedBefore(retained);
      await deps.processedUpdates.purgeOlderThan(new Date(now.getTime() - PROCESSED_UPDATE_DAYS * DAY_MS));
      await deps.jobRuns.purgeOlderThan(new Date(now.getTime() - JOB_RUN_DAYS * DAY_MS));
    },
  };
}
